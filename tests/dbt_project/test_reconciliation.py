"""Land settlement and P&L report rows beside a small sandbox sync and build the dbt project.

The reconciliation marts must find exactly the overcharged fees, keep placeholder payments
apart, let the latest file win and put report fees in order_items. pnl_monthly must reproduce
the summary of the real May 2025 P&L report from its order rows.
"""

import json
from collections.abc import Iterator
from dataclasses import asdict, fields
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from dbt_runner import run_dbt
from sandbox_warehouse import sync_first_seller

from ingestion.reports.pnl import read_pnl_orders
from ingestion.reports.pnl_summary import SUMMARY_LINES, read_pnl_summary
from ingestion.reports.settlement import SettlementRow
from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse

SANDBOX = {"seed": 5, "sellers": 1, "orders_per_day": 8, "history_days": 20, "speed": 0}
PNL_FIXTURE = Path(__file__).parents[1] / "data" / "seller_hub" / "pnl_report_2025-05.xlsx"
PNL_ACCOUNT = "pnl-fixture"
FEE_COLUMNS = {
    "commission": "commission",
    "fixed_fee": "fixed_fee",
    "collection_fee": "collection_fee",
    "shipping_fee": "forward_shipping",
    "reverse_shipping_fee": "reverse_shipping",
}
# Fee overcharges written into the report, by item slot: {report fee column: rupees}.
OVERCHARGES = {
    1: {"fixed_fee": Decimal("5.00")},
    2: {"shipping_fee": Decimal("12.50"), "commission": Decimal("3.00")},
    3: {"reverse_shipping_fee": Decimal("20.00")},
}
# An excess at the tolerance itself is not an overcharge.
AT_TOLERANCE_SLOT = 4
PLACEHOLDER_SLOT = 5
SUPERSEDED_SLOT = 6
TRANSFER = "NFT-/XUTR/TEST0001"
LOADED_AT = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def _insert(connection, table: str, rows: list[dict]) -> None:
    """Insert dict rows by column name through Arrow."""
    arrow_rows = pa.Table.from_pylist(rows)  # noqa: F841 (read by DuckDB by name)
    connection.execute(f"insert into raw.{table} by name select * from arrow_rows")  # noqa: S608 (constant table names)


def _register_file(connection, file_hash: str, account_id: str, kind: str, loaded_at) -> None:
    connection.execute(
        "insert into raw.report_files values (?, ?, ?, ?, 0, ?)",
        [file_hash, account_id, kind, f"{file_hash}.csv", loaded_at],
    )


def _settlement_row(item: dict, overcharge: dict, neft_id: str, number: int) -> dict:
    """Build a settlement row from an item's expected amounts, plus the given fee excesses."""
    row = dict.fromkeys((field.name for field in fields(SettlementRow)), None)
    charges = {
        column: item[source] + overcharge.get(column, 0) for column, source in FEE_COLUMNS.items()
    }
    fees = sum(charges.values(), Decimal(0))
    gst = (fees * Decimal("0.18")).quantize(Decimal("0.01"))
    sale = item["order_item_value"] if item["outcome"] in ("open", "delivered") else Decimal(0)
    row.update({column: -amount for column, amount in charges.items()})
    row.update(
        neft_id=neft_id,
        payment_date=date(2026, 1, 5),
        order_id=item["order_id"],
        order_item_id=item["order_item_id"],
        sale_amount=sale,
        marketplace_fee=-fees,
        gst_on_marketplace_fees=-gst,
        tcs=-item["tcs"],
        tds=-item["tds"],
        bank_settlement_value=sale - fees - gst - item["tcs"] - item["tds"],
        row_number=number,
    )
    return row


def _land_settlements(connection, account_id: str) -> dict[int, dict]:
    """Write two settlement files for ten items and return the items by slot."""
    rows = connection.execute(
        "select items.order_item_id, items.order_id, items.outcome, items.order_item_value,"
        " fees.commission, fees.fixed_fee, fees.collection_fee, fees.forward_shipping,"
        " fees.reverse_shipping, taxes.tcs, taxes.tds"
        " from intermediate.int_order_items_enriched as items"
        " join intermediate.int_order_item_fees_estimated as fees using (order_item_id)"
        " join intermediate.int_order_item_taxes_computed as taxes using (order_item_id)"
        " where items.outcome != 'cancelled' order by items.outcome = 'rto', items.order_item_id"
    ).fetchall()
    names = [column[0] for column in connection.description]
    not_rto = [dict(zip(names, row, strict=True)) for row in rows if row[2] != "rto"]
    rto = [dict(zip(names, row, strict=True)) for row in rows if row[2] == "rto"]
    slots = dict(enumerate([*not_rto[:3], rto[0], *not_rto[3:9]]))

    overcharges = {**OVERCHARGES, AT_TOLERANCE_SLOT: {"fixed_fee": Decimal("0.01")}}
    new_rows, old_rows = [], []
    for slot, item in slots.items():
        neft_id = "DISBURSEMENT_CREATED" if slot == PLACEHOLDER_SLOT else TRANSFER
        new_rows.append(_settlement_row(item, overcharges.get(slot, {}), neft_id, slot + 10))
        if slot == SUPERSEDED_SLOT:
            old_rows.append(_settlement_row(item, {"fixed_fee": Decimal(40)}, TRANSFER, 10))

    report_only = _settlement_row(
        {**slots[0], "order_item_id": "999000111222333444"}, {}, TRANSFER, 99
    )
    for file_hash, file_rows, loaded_at in (
        ("new-file", [*new_rows, report_only], LOADED_AT),
        ("old-file", old_rows, LOADED_AT.replace(day=1)),
    ):
        _register_file(connection, file_hash, account_id, "settlement", loaded_at)
        _insert(
            connection,
            "report_settlement_rows",
            [{**row, "file_hash": file_hash, "account_id": account_id} for row in file_rows],
        )
    return slots


def _land_pnl_fixture(connection) -> None:
    """Land the real May 2025 P&L report: its order rows and its stated summary lines."""
    result = read_pnl_orders(PNL_FIXTURE)
    summary = read_pnl_summary(PNL_FIXTURE)
    _register_file(connection, "pnl-file", PNL_ACCOUNT, "pnl", LOADED_AT)

    order_rows = []
    for number, row in enumerate(result.rows, start=2):
        values = asdict(row)
        values["transactions"] = json.dumps(values["transactions"], default=str)
        order_rows.append(
            {**values, "file_hash": "pnl-file", "account_id": PNL_ACCOUNT, "row_number": number}
        )
    _insert(connection, "report_pnl_orders", order_rows)

    summary_rows = [
        {
            "file_hash": "pnl-file",
            "account_id": PNL_ACCOUNT,
            "line": amount_field,
            "units": getattr(summary, units_field) if units_field else None,
            "amount": getattr(summary, amount_field),
        }
        for amount_field, units_field in SUMMARY_LINES.values()
        if getattr(summary, amount_field) is not None
    ]
    _insert(connection, "report_pnl_summary", summary_rows)


@pytest.fixture(scope="module")
def reconciled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    """A built warehouse of one sandbox seller with settlement files and the P&L fixture."""
    directory = tmp_path_factory.mktemp("reconciliation")
    warehouse = directory / "seller.duckdb"

    with SandboxServer(**SANDBOX) as server:
        account_id, _ = sync_first_seller(server, warehouse)

    target = directory / "target"
    run_dbt(
        [
            "build",
            "--select",
            "+int_order_item_fees_estimated +int_order_item_taxes_computed",
            "--resource-type",
            "seed",
            "--resource-type",
            "model",
        ],
        warehouse,
        target,
    )
    connection = open_warehouse(warehouse)
    try:
        slots = _land_settlements(connection, account_id)
        _land_pnl_fixture(connection)
    finally:
        connection.close()

    run_dbt(["build"], warehouse, target)
    yield warehouse, {"account_id": account_id, "slots": slots}


def _query(warehouse: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return connection.execute(sql, parameters or []).fetchall()
    finally:
        connection.close()


@pytest.mark.xdist_group("dbt-build")
def test_overcharges_found_exactly(reconciled: tuple[Path, dict]) -> None:
    """likely_overcharges lists exactly the written excesses, and their total per account."""
    warehouse, landed = reconciled
    slots = landed["slots"]

    found = _query(
        warehouse,
        "select order_item_id, fee_type, overcharge_amount, gst_on_overcharge, claim_amount,"
        " account_claim_total from marts.likely_overcharges where account_id = ?",
        [landed["account_id"]],
    )

    expected = {
        (slots[slot]["order_item_id"], fee_type): amount
        for slot, excesses in OVERCHARGES.items()
        for fee_type, amount in excesses.items()
    }
    assert {(item, fee): amount for item, fee, amount, *_ in found} == expected
    for _, _, amount, gst, claim, _ in found:
        assert gst == (amount * Decimal("0.18")).quantize(Decimal("0.01"))
        assert claim == amount + gst
    total = sum((amount * Decimal("1.18") for amount in expected.values()), Decimal(0))
    assert {row[5] for row in found} == {total.quantize(Decimal("0.01"))}


@pytest.mark.xdist_group("dbt-build")
def test_reconciliation_rows_and_tolerance(reconciled: tuple[Path, dict]) -> None:
    """One row per settled item; only overcharged rows fall outside the tolerance."""
    warehouse, landed = reconciled
    slots = landed["slots"]

    rows = _query(
        warehouse,
        "select order_item_id, has_order_data, is_within_tolerance, settlement_variance"
        " from marts.settlement_reconciliation where account_id = ?",
        [landed["account_id"]],
    )
    by_item = {item: (has_data, within, variance) for item, has_data, within, variance in rows}

    assert len(rows) == len(slots) + 1
    assert by_item["999000111222333444"] == (False, None, None)
    for slot, item in slots.items():
        has_data, within, _ = by_item[item["order_item_id"]]
        assert has_data, slot
        assert within == (slot not in OVERCHARGES), slot
    overcharged = slots[1]["order_item_id"]
    assert by_item[overcharged][2] == Decimal("-5.900")


@pytest.mark.xdist_group("dbt-build")
def test_placeholder_never_counted_as_paid(reconciled: tuple[Path, dict]) -> None:
    """A DISBURSEMENT_CREATED row is a placeholder: its value is not in paid_amount."""
    warehouse, landed = reconciled
    item = landed["slots"][PLACEHOLDER_SLOT]["order_item_id"]

    [(status, paid, placeholder, settled)] = _query(
        warehouse,
        "select payment_status, paid_amount, placeholder_amount, settled_amount"
        " from marts.settlement_reconciliation where order_item_id = ?",
        [item],
    )

    assert status == "placeholder"
    assert paid == 0
    assert placeholder == settled


@pytest.mark.xdist_group("dbt-build")
def test_latest_file_wins(reconciled: tuple[Path, dict]) -> None:
    """The older file's overcharged row for the same item is ignored."""
    warehouse, landed = reconciled
    item = landed["slots"][SUPERSEDED_SLOT]["order_item_id"]

    [(file_hash, variance)] = _query(
        warehouse,
        "select file_hash, fixed_fee_variance from marts.settlement_reconciliation"
        " where order_item_id = ?",
        [item],
    )

    assert file_hash == "new-file"
    assert variance == 0


@pytest.mark.xdist_group("dbt-build")
def test_order_items_take_report_fees(reconciled: tuple[Path, dict]) -> None:
    """order_items keeps one row per item and carries the fees the report charged."""
    warehouse, landed = reconciled
    slots = landed["slots"]

    rows = _query(
        warehouse,
        "select order_item_id, fee_source, fixed_fee from marts.order_items where account_id = ?",
        [landed["account_id"]],
    )
    by_item = {item: (source, fixed_fee) for item, source, fixed_fee in rows}

    assert len(by_item) == len(rows)
    settled = {item["order_item_id"] for item in slots.values()}
    assert {
        item for item, (source, _) in by_item.items() if source == "settlement_report"
    } == settled
    charged = slots[1]["fixed_fee"] + OVERCHARGES[1]["fixed_fee"]
    assert by_item[slots[1]["order_item_id"]] == ("settlement_report", charged)


@pytest.mark.xdist_group("dbt-build")
def test_pnl_summary_reproduced(reconciled: tuple[Path, dict]) -> None:
    """Every compared line of the May 2025 P&L summary matches its order rows."""
    warehouse, _ = reconciled

    rows = _query(
        warehouse,
        "select month, line, matches, computed_units, stated_units, computed_amount,"
        " stated_amount from marts.pnl_monthly where account_id = ?",
        [PNL_ACCOUNT],
    )
    by_line = {line: tuple(row) for _, line, *row in rows}

    assert {row[0] for row in rows} == {date(2025, 5, 1)}
    assert [line for line, (matches, *_) in by_line.items() if matches is False] == []
    assert by_line["gross_sales"][1:3] == (1517, 1517)
    assert by_line["rto"][1:3] == (-284, -284)
    assert by_line["total_expenses"][3:5] == (Decimal("-60673.340"), Decimal("-60673.340"))
    assert by_line["pending"][3:5] == (Decimal("4310.440"), Decimal("4310.440"))


# A tenant that synced its seller account but has set up no SKU master, shipping locations or
# account profile (tier, fulfilment). Its first delivered item is charged above the sandbox's
# true fees on commission, fixed fee and shipping; three more are charged exactly.
BARE_OVERCHARGES = {
    "commission": Decimal("3.00"),
    "fixed_fee": Decimal("5.00"),
    "shipping_fee": Decimal("12.50"),
}
BARE_ITEMS = 4


def _truth_item(order_item_id: str, entry: dict) -> dict:
    """Return the fields _settlement_row reads, from the sandbox truth of one order item."""
    fees = {source: Decimal(entry["fees"][source]) for source in FEE_COLUMNS.values()}
    return {
        **fees,
        "order_item_id": order_item_id,
        "order_id": entry["orderId"],
        "outcome": entry["outcome"],
        "order_item_value": Decimal(str(entry["price"])) * entry["quantity"],
        "tcs": Decimal(0),
        "tds": Decimal(0),
    }


@pytest.fixture(scope="module")
def bare_tenant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, list]]:
    """A built warehouse of a synced seller without master data, with one settlement file."""
    directory = tmp_path_factory.mktemp("bare-tenant")
    warehouse = directory / "seller.duckdb"

    with SandboxServer(**SANDBOX) as server:
        account_id, truth = sync_first_seller(server, warehouse)
    items = truth["sellers"][account_id]["orderItems"]
    delivered = sorted(item for item, entry in items.items() if entry["outcome"] == "delivered")
    settled = [_truth_item(item, items[item]) for item in delivered[:BARE_ITEMS]]

    connection = open_warehouse(warehouse)
    try:
        for table in ("sku_master", "account_profile", "account_locations"):
            connection.execute(f"delete from raw.{table}")  # noqa: S608 (constant table names)
        rows = [
            _settlement_row(item, BARE_OVERCHARGES if number == 0 else {}, TRANSFER, number + 2)
            for number, item in enumerate(settled)
        ]
        _register_file(connection, "bare-file", account_id, "settlement", LOADED_AT)
        _insert(
            connection,
            "report_settlement_rows",
            [{**row, "file_hash": "bare-file", "account_id": account_id} for row in rows],
        )
    finally:
        connection.close()

    run_dbt(["build"], warehouse, directory / "target")
    yield warehouse, account_id, [item["order_item_id"] for item in settled]


@pytest.mark.xdist_group("dbt-build")
def test_unknown_inputs_never_claimed(bare_tenant: tuple[Path, str, list]) -> None:
    """Only the fee the rate card can still estimate (commission, by HSN) is an overcharge."""
    warehouse, account_id, settled = bare_tenant

    found = _query(
        warehouse,
        "select order_item_id, fee_type, expected_amount, overcharge_amount"
        " from marts.likely_overcharges where account_id = ?",
        [account_id],
    )

    assert [(item, fee, amount) for item, fee, _, amount in found] == [
        (settled[0], "commission", BARE_OVERCHARGES["commission"])
    ]
    assert [expected for _, _, expected, _ in found] == [Decimal(0)]


@pytest.mark.xdist_group("dbt-build")
def test_unknown_inputs_cannot_check(bare_tenant: tuple[Path, str, list]) -> None:
    """Without tier, fulfilment and zone, the other items are cannot_check, naming those inputs."""
    warehouse, account_id, settled = bare_tenant

    rows = _query(
        warehouse,
        "select order_item_id, has_fee_estimate, missing_fee_inputs, verdict,"
        " expected_shipping_fee, expected_settlement, is_within_tolerance"
        " from marts.settlement_reconciliation where account_id = ?",
        [account_id],
    )
    by_item = {item: tuple(values) for item, *values in rows}

    assert sorted(by_item) == sorted(settled)
    assert by_item[settled[0]][2] == "overcharged"
    for item in settled[1:]:
        assert by_item[item] == (False, "fulfilment, tier, zone", "cannot_check", None, None, None)


@pytest.mark.xdist_group("dbt-build")
def test_unknown_fees_are_null(bare_tenant: tuple[Path, str, list]) -> None:
    """order_items leaves unknown fees NULL and keeps the fees of cancelled items at 0."""
    warehouse, account_id, _ = bare_tenant

    rows = _query(
        warehouse,
        "select outcome, has_fee_estimate, forward_shipping, marketplace_fees, net_profit"
        " from marts.order_items where account_id = ? and fee_source = 'rate_card_estimate'",
        [account_id],
    )
    cancelled = [row[1:] for row in rows if row[0] == "cancelled"]
    sold = [row[1:] for row in rows if row[0] != "cancelled"]

    assert cancelled, "the sandbox sync has no cancelled item"
    assert set(cancelled) == {(True, Decimal(0), Decimal(0), Decimal(0))}
    assert sold, "the sandbox sync has no item that was not cancelled"
    assert set(sold) == {(False, None, None, None)}
