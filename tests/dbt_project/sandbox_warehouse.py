"""Sync a sandbox seller into a scratch warehouse, as the pipeline's sync steps do."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from ingestion.client import FlipkartClient
from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.operational import (
    AccountProfileRow,
    LocationRow,
    SkuRow,
    copy_operational,
)
from ingestion.warehouse.sync import sync_account


class MemoryCursors:
    """Sync cursors kept in a dict, in place of the operational store, for dbt-only tests."""

    def __init__(self) -> None:
        self.cursors: dict[str, datetime] = {}

    def get(self, stream: str) -> datetime | None:
        return self.cursors.get(stream)

    def advance(self, stream: str, cursor_at: datetime, batch_id: str) -> None:
        self.cursors[stream] = cursor_at


def sku_rows(truth_skus: dict) -> list[SkuRow]:
    """Return the SKU master the seller would keep, from the sandbox truth's SKU facts."""
    rows = []
    for sku, entry in sorted(truth_skus.items()):
        length, breadth, height = entry["sizeCm"]
        rows.append(
            SkuRow(
                sku=sku,
                title=entry["title"],
                category=entry["category"],
                hsn=entry["hsn"],
                cost_price=Decimal(str(entry["costPrice"])),
                weight_g=entry["weightG"],
                length_cm=Decimal(str(length)),
                breadth_cm=Decimal(str(breadth)),
                height_cm=Decimal(str(height)),
            )
        )
    return rows


def sync_first_seller(server: SandboxServer, warehouse: Path) -> tuple[str, dict]:
    """Fully sync the server's first seller and its master data; return account id and truth.

    The account id is the sandbox's seller id, as no operational store is involved.
    """
    seller = server.credentials()[0]
    account_id = seller["seller_id"]
    client = FlipkartClient(
        "local", seller["app_id"], seller["app_secret"], base_url=server.base_url
    )

    connection = open_warehouse(warehouse)
    try:
        with client:
            report = sync_account(
                client, connection, account_id=account_id, cursors=MemoryCursors(), mode="full"
            )
        assert report.succeeded, report

        truth = server.truth(account_id)
        profile = AccountProfileRow(
            account_id=account_id,
            account_name=seller["name"],
            tier=seller["tier"],
            fulfilment="NON_FBF",
            gstin=seller["gstin"],
            state_code=seller["state_code"],
        )
        locations = [
            LocationRow(row["locationId"], row["city"], row["pincode"], row["stateCode"])
            for row in seller["locations"]
        ]
        skus = sku_rows(truth["sellers"][account_id]["skus"])
        copy_operational(connection, profile, locations, skus)
    finally:
        connection.close()

    return account_id, truth
