"""Sync a sandbox account into a warehouse, build the dbt project and check the marts against
the sandbox's ground truth with the same rate card."""

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from dbt_runner import run_dbt
from truth import compare_marts_with_truth

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

SANDBOX = {"seed": 11, "sellers": 1, "orders_per_day": 20, "history_days": 130, "speed": 0}


class MemoryCursors:
    """Sync cursors kept in a dict, standing in for the operational store."""

    def __init__(self) -> None:
        self.cursors: dict[str, datetime] = {}

    def get(self, stream: str) -> datetime | None:
        return self.cursors.get(stream)

    def advance(self, stream: str, cursor_at: datetime, batch_id: str) -> None:
        self.cursors[stream] = cursor_at


def _sku_rows(truth_skus: dict) -> list[SkuRow]:
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


@pytest.fixture(scope="module")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    """A warehouse synced in full from one sandbox seller and built with dbt, with its truth."""
    directory = tmp_path_factory.mktemp("warehouse")
    warehouse = directory / "seller.duckdb"

    with SandboxServer(**SANDBOX) as server:
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
            copy_operational(
                connection, profile, locations, _sku_rows(truth["sellers"][account_id]["skus"])
            )
        finally:
            connection.close()

    assert report.succeeded, report
    run_dbt(["build"], warehouse, directory / "target")
    yield warehouse, truth


@pytest.mark.xdist_group("dbt-build")
def test_marts_match_the_sandbox_truth(built_warehouse: tuple[Path, dict]) -> None:
    """Counts, selling price, every fee, returns and SLA verdicts agree with the truth."""
    warehouse, truth = built_warehouse

    assert compare_marts_with_truth(warehouse, truth) == []
