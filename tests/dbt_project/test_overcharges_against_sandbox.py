"""Find the fees the sandbox overcharged in its settlement report, end to end.

A sandbox seller is synced over HTTP into a warehouse. The same simulated world writes its
settlement report for a month whose items are paid, with about one item in ten charged above
the rate card on one fee. The file is read and landed as an import does it, and `dbt build`
runs. likely_overcharges must then list exactly the planted overcharges, to the paisa.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from dbt_runner import run_dbt
from sandbox_warehouse import sync_first_seller

from ingestion.reports import file_digest, read_settlement_report
from ingestion.reports.grid import read_grids
from ingestion.reports.report_types import ParsedReport, detect_report_type, read_typed_report
from ingestion.sandbox.server.runner import SandboxServer
from ingestion.sandbox.simulation import Marketplace, SimConfig
from ingestion.sandbox.simulation.reports import (
    PlantedOvercharge,
    ReportPeriod,
    write_marketplace_reports,
)
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.report_landing import land_report

# The server and the in-process marketplace are built from these settings, so they hold the
# same world. Speed 0 freezes both clocks at the default start instant, 2026-11-30 10:00 IST.
# Seed 1 plants every kind of overcharge in October's report (37 of them).
SEED = 1
SELLERS = 1
HISTORY_DAYS = 130
ORDERS_PER_DAY = 12.0
# Every item of October is paid by NEFT well before the start instant, so none is a placeholder.
MONTH = "2026-10"
OVERCHARGE_SHARE = 0.1

# The sandbox's fee names and the fee_type that likely_overcharges uses for each.
FEE_TYPES = {
    "commission": "commission",
    "fixed_fee": "fixed_fee",
    "collection_fee": "collection_fee",
    "forward_shipping": "shipping_fee",
    "reverse_shipping": "reverse_shipping_fee",
}
# Every reason the sandbox gives for an overcharge. With SEED, each occurs in the report.
REASONS = {
    "commission_wrong_rate",
    "commission_not_refunded",
    "fixed_fee_wrong_price_slab",
    "fixed_fee_not_waived",
    "shipping_wrong_weight_slab",
    "reverse_shipping_wrong_zone",
}
GST_ON_FEES = Decimal("0.18")
PAISE = Decimal("0.01")


@dataclass(frozen=True)
class Reconciled:
    """A built warehouse with one landed settlement report, and the sandbox's truth about it."""

    warehouse: Path
    account_id: str
    server_truth: dict
    report_truth: dict
    parsed: ParsedReport
    csv_rows: list
    planted: list[PlantedOvercharge]


def _land_settlement(path: Path, warehouse: Path, account_id: str) -> ParsedReport:
    """Read and land a settlement report file as the report import does."""
    grids = read_grids(path)
    report_type = detect_report_type(path.name, grids)
    assert report_type == "settlement", report_type
    parsed = read_typed_report(path, report_type, grids)

    connection = open_warehouse(warehouse)
    try:
        land_report(
            connection,
            file_hash=file_digest(path),
            account_id=account_id,
            report_type=report_type,
            file_name=path.name,
            rows=parsed.result.rows,
            row_numbers=parsed.row_numbers,
            errors=parsed.result.errors,
            loaded_at=datetime.now(UTC),
        )
    finally:
        connection.close()
    return parsed


@pytest.fixture(scope="module")
def reconciled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reconciled]:
    """A sandbox seller synced, its overcharged settlement report landed, dbt built."""
    directory = tmp_path_factory.mktemp("overcharges")
    warehouse = directory / "seller.duckdb"

    sandbox = {
        "seed": SEED,
        "sellers": SELLERS,
        "history_days": HISTORY_DAYS,
        "orders_per_day": ORDERS_PER_DAY,
    }
    with SandboxServer(**sandbox, speed=0) as server:
        account_id, server_truth = sync_first_seller(server, warehouse)

    marketplace = Marketplace(SimConfig(**sandbox, speed=0.0))
    written = write_marketplace_reports(
        marketplace,
        directory / "reports",
        ReportPeriod.month(MONTH),
        overcharge_share=OVERCHARGE_SHARE,
    )
    # The truth of the in-process world, through JSON as the server sends it.
    report_truth = json.loads(json.dumps(marketplace.truth(account_id)))

    settlement = written.files[0].parent / f"settlement_{MONTH}"
    parsed = _land_settlement(settlement.with_suffix(".xlsx"), warehouse, account_id)
    csv_rows = read_settlement_report(settlement.with_suffix(".csv")).rows
    planted = [entry for entry in written.overcharges if "settlement" in entry.reports]

    run_dbt(["build"], warehouse, directory / "target")
    yield Reconciled(warehouse, account_id, server_truth, report_truth, parsed, csv_rows, planted)


def _query(warehouse: Path, sql: str, parameters: list) -> list[tuple]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def _claim(difference: Decimal) -> Decimal:
    """Return an overcharge plus the GST charged on it, rounded to the paisa."""
    return difference + (difference * GST_ON_FEES).quantize(PAISE, ROUND_HALF_UP)


@pytest.mark.xdist_group("dbt-build")
def test_report_world_is_server_world(reconciled: Reconciled) -> None:
    """The report writer's marketplace has the server's order items, outcomes and fees."""
    server_items = reconciled.server_truth["sellers"][reconciled.account_id]["orderItems"]
    report_items = reconciled.report_truth["sellers"][reconciled.account_id]["orderItems"]

    assert reconciled.server_truth["now"] == reconciled.report_truth["now"]
    assert sorted(report_items) == sorted(server_items)
    assert report_items == server_items


@pytest.mark.xdist_group("dbt-build")
def test_report_landed_whole(reconciled: Reconciled) -> None:
    """Every row of the written report is read and landed, with every kind of overcharge."""
    result = reconciled.parsed.result

    [(landed,)] = _query(
        reconciled.warehouse,
        "select count(*) from raw.report_settlement_rows where account_id = ?",
        [reconciled.account_id],
    )

    assert result.errors == []
    assert result.rows_loaded > 100
    assert landed == result.rows_loaded
    assert {entry.reason for entry in reconciled.planted} == REASONS


@pytest.mark.xdist_group("dbt-build")
def test_report_csv_reads_as_xlsx(reconciled: Reconciled) -> None:
    """The CSV copy of the report reads as the same rows as the XLSX file that was landed."""
    assert reconciled.csv_rows == reconciled.parsed.result.rows


@pytest.mark.xdist_group("dbt-build")
def test_overcharges_found_exactly(reconciled: Reconciled) -> None:
    """likely_overcharges lists each planted overcharge with its amount, and nothing else."""
    found = _query(
        reconciled.warehouse,
        "select order_item_id, fee_type, expected_amount, charged_amount, overcharge_amount"
        " from marts.likely_overcharges where account_id = ?",
        [reconciled.account_id],
    )

    planted = {
        (entry.order_item_id, FEE_TYPES[entry.fee_type]): (
            Decimal(entry.expected),
            Decimal(entry.charged),
            Decimal(entry.difference),
        )
        for entry in reconciled.planted
    }
    assert {(item, fee_type): tuple(amounts) for item, fee_type, *amounts in found} == planted
    assert len(found) == len(planted)


@pytest.mark.xdist_group("dbt-build")
def test_overcharge_total_is_sum(reconciled: Reconciled) -> None:
    """The account's claim total is the planted overcharges plus GST on each."""
    rows = _query(
        reconciled.warehouse,
        "select claim_amount, account_claim_total from marts.likely_overcharges"
        " where account_id = ?",
        [reconciled.account_id],
    )

    expected = sum((_claim(Decimal(entry.difference)) for entry in reconciled.planted), Decimal(0))
    assert {total for _, total in rows} == {expected}
    assert sum((claim for claim, _ in rows), Decimal(0)) == expected


@pytest.mark.xdist_group("dbt-build")
def test_other_items_within_tolerance(reconciled: Reconciled) -> None:
    """Every settled item without a planted overcharge matches the rate card and is paid."""
    rows = _query(
        reconciled.warehouse,
        "select order_item_id, has_order_data, is_within_tolerance, payment_status"
        " from marts.settlement_reconciliation where account_id = ?",
        [reconciled.account_id],
    )
    overcharged = {entry.order_item_id for entry in reconciled.planted}

    assert len(rows) == reconciled.parsed.result.rows_loaded
    assert [item for item, has_data, _, _ in rows if not has_data] == []
    assert [item for item, _, _, status in rows if status != "paid"] == []
    assert [item for item, _, within, _ in rows if within != (item not in overcharged)] == []
