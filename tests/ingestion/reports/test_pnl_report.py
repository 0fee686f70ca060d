"""P&L report reader: the order rows reproduce the report's own "Overall Summary"."""

from decimal import Decimal
from pathlib import Path

import pytest

from ingestion.reports import compute_pnl_summary, read_pnl_orders, read_pnl_summary
from ingestion.reports.grid import read_grids

SAMPLE = Path(__file__).parents[2] / "data" / "seller_hub" / "pnl_report_2025-05.xlsx"

# Lines whose amounts the "Orders P&L" rows do not carry: the sheet zeroes the selling price of
# returned and cancelled items, and storage, recall and non-order SPF are charged per SKU.
NOT_DERIVABLE = {
    "gross_sales",
    "returns_and_cancellations",
    "rto",
    "rvp",
    "cancelled",
    "storage_fee",
    "recall_fee",
    "non_order_spf",
}

STATED = {
    "gross_sales": Decimal("218070.00"),
    "gross_units": 1517,
    "rto": Decimal("-39178.00"),
    "rto_units": -284,
    "rvp": Decimal("-7673.00"),
    "rvp_units": -40,
    "cancelled": Decimal("-30137.00"),
    "cancelled_units": -230,
    "estimated_net_sales": Decimal("141082.00"),
    "net_units": 963,
    "accounted_net_sales": Decimal("137371.80"),
    "total_expenses": Decimal("-60673.34"),
    "gst": Decimal("-9224.25"),
    "tcs": Decimal("-65.63"),
    "tds": Decimal("-137.18"),
    "bank_settlement": Decimal("76723.46"),
    "already_paid": Decimal("72413.02"),
    "pending": Decimal("4310.44"),
}


@pytest.fixture(scope="module")
def grids():
    return read_grids(SAMPLE)


@pytest.fixture(scope="module")
def orders(grids):
    return read_pnl_orders(SAMPLE, grids)


@pytest.fixture(scope="module")
def stated(grids):
    return read_pnl_summary(SAMPLE, grids)


def test_pnl_orders_all_loaded(orders):
    assert orders.rows_read == 972
    assert orders.rows_loaded == 972
    assert orders.errors == []


@pytest.mark.parametrize(("line", "expected"), sorted(STATED.items()))
def test_pnl_summary_sheet_values(stated, line, expected):
    assert getattr(stated, line) == expected


def test_pnl_summary_every_line_from_rows(orders, stated):
    computed = compute_pnl_summary(orders.rows)
    compared = 0

    for line, stated_value in vars(stated).items():
        if line in NOT_DERIVABLE:
            assert getattr(computed, line) is None, line
            continue
        assert getattr(computed, line) == stated_value, line
        compared += 1

    assert compared == 39


def test_pnl_ids_keep_all_digits(orders):
    ids = {row.order_item_id for row in orders.rows}
    assert "624962879556601107" in ids
    assert all(order_item_id.isdigit() for order_item_id in ids)


def test_pnl_text_number_read(orders):
    assert orders.rows[0].accounted_net_sales == Decimal("252.00")


def test_pnl_transactions_grouped(orders):
    transaction = orders.rows[0].transactions[0]
    assert len(orders.rows[0].transactions) == 1
    assert transaction.amount == Decimal("179.77")
    assert transaction.neft_id == "NFT-/XUTR/DEUTH89073045772X"


def test_pnl_na_zone_is_none(orders):
    row = next(row for row in orders.rows if row.order_id == "OD581245562791238100")
    assert row.shipping_zone is None
