"""Settlement report reader against the real Seller Hub excerpt."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ingestion.reports import read_settlement_report

SAMPLE = Path(__file__).parents[2] / "data" / "seller_hub" / "settlement_report_excerpt.csv"


@pytest.fixture(scope="module")
def result():
    return read_settlement_report(SAMPLE)


def test_settlement_counts(result):
    assert result.rows_read == 3
    assert result.rows_loaded == 3
    assert result.rows_rejected == 0
    assert result.errors == []


def test_settlement_header_below_preamble(result):
    assert result.header_row_number == 8


def test_settlement_bank_values_exact(result):
    values = [row.bank_settlement_value for row in result.rows]
    assert values == [Decimal("98.606"), Decimal("-189.98"), Decimal("8.54")]


def test_settlement_neft_id_trimmed(result):
    assert {row.neft_id for row in result.rows} == {"NFT-/XUTR/DEUTH832850E7FRSA"}


def test_settlement_ids_exact_text(result):
    assert [row.order_item_id for row in result.rows] == [
        "890236627415041100",
        "822795611019528100",
        "786912861046624100",
    ]
    assert result.rows[0].order_id == "OD890236627415041100"


def test_settlement_customer_return_row(result):
    row = result.rows[1]
    assert row.return_type == "Customer Return"
    assert row.reverse_shipping_fee == Decimal("-155")
    assert row.refund == Decimal("-106")
    assert row.fixed_fee == Decimal("-6")
    assert row.gst_on_marketplace_fees == Decimal("-28.98")
    assert row.shipping_zone == "National"
    assert row.dead_weight_kg == Decimal("0.22")


def test_settlement_first_row_taxes(result):
    row = result.rows[0]
    assert row.tcs == Decimal("-0.567")
    assert row.tds == Decimal("-5.667")
    assert row.income_tax_credits == Decimal("5.667")
    assert row.payment_date == date(2026, 6, 24)
    assert row.quantity == 1


def test_settlement_protection_fund_row(result):
    row = result.rows[2]
    assert row.protection_fund == Decimal("8.54")
    assert row.tier is None
    assert row.buyer_sale_amount == Decimal("78")
    assert row.buyer_offer_amount == Decimal("18")


def test_settlement_not_available_is_none(result):
    assert result.rows[0].buyer_offer_free_shipping is None
    assert result.rows[0].dead_weight_kg is None


def test_settlement_two_level_names_distinct(result):
    assert result.column_names["sale_amount"] == "Transaction Summary / Sale Amount (Rs.)"
    assert (
        result.column_names["buyer_sale_amount"] == "Buyer Sale Details / Sale Amount / Total (Rs.)"
    )
    assert result.column_names["bank_settlement_value"] == (
        "Payment Details / Bank Settlement Value (Rs.)"
    )
