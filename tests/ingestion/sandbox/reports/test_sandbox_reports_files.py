"""The sandbox's settlement and P&L files read back through the Seller Hub report readers."""

import json
from dataclasses import fields
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import pytest

from ingestion.reports import (
    compute_pnl_summary,
    read_pnl_orders,
    read_pnl_summary,
    read_settlement_report,
)
from ingestion.sandbox.simulation import Marketplace, SimConfig
from ingestion.sandbox.simulation.reports import ReportPeriod, write_marketplace_reports

SEED = 7  # the seed and month of the `written` fixture
MONTH = "2026-11"
PAISA = Decimal("0.01")

# Settlement report fields and the truth's fee names they show (as negative amounts).
FEE_FIELDS = {
    "commission": "commission",
    "fixed_fee": "fixed_fee",
    "collection_fee": "collection_fee",
    "shipping_fee": "forward_shipping",
    "reverse_shipping_fee": "reverse_shipping",
}


# P&L "Orders P&L" fields and the truth's fee names they show (as negative amounts).
PNL_FEE_FIELDS = {
    "commission_fee": "commission",
    "fixed_fee": "fixed_fee",
    "collection_fee": "collection_fee",
    "forward_shipping_fee": "forward_shipping",
    "reverse_shipping_fee": "reverse_shipping",
}


def files_named(written, prefix: str, suffix: str) -> list:
    """Return the written files whose name starts with prefix and ends with suffix."""
    return [
        path
        for path in written.files
        if path.name.startswith(prefix) and path.name.endswith(suffix)
    ]


@cache
def settlement_rows(path) -> list:
    """Read a settlement file once per test module run."""
    return read_settlement_report(path).rows


@cache
def pnl_rows(path) -> list:
    """Read the order rows of a P&L file once per test module run."""
    return read_pnl_orders(path).rows


def _differs(row, fields: dict[str, str], oracle: dict[str, str]) -> bool:
    return any(-getattr(row, field) != Decimal(oracle[fee]) for field, fee in fields.items())


def _truth_items(truth: dict) -> dict[str, dict]:
    return {
        item_id: item
        for seller in truth["sellers"].values()
        for item_id, item in seller["orderItems"].items()
    }


def _overcharges(written) -> dict[str, object]:
    return {entry.order_item_id: entry for entry in written.overcharges}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_settlement_files_read_without_rejects(written, suffix):
    paths = files_named(written, "settlement_", suffix)
    assert len(paths) == 2

    for path in paths:
        result = read_settlement_report(path)
        assert result.rows_rejected == 0, result.errors[:3]
        assert result.rows_loaded > 100
        assert result.rows_ignored == 0


def test_pnl_files_read_without_rejects(written):
    paths = files_named(written, "pnl_", ".xlsx")
    assert len(paths) == 2

    for path in paths:
        result = read_pnl_orders(path)
        assert result.rows_rejected == 0, result.errors[:3]
        assert result.rows_loaded > 100


def test_settlement_fees_match_oracle(written, truth):
    items = _truth_items(truth)
    overcharges = _overcharges(written)

    for path in files_named(written, "settlement_", ".csv"):
        for row in settlement_rows(path):
            expected = dict(items[row.order_item_id]["fees"])
            planted = overcharges.get(row.order_item_id)
            if planted is not None:
                fee = expected[planted.fee_type]
                expected[planted.fee_type] = str(Decimal(fee) + Decimal(planted.difference))

            for field, fee_type in FEE_FIELDS.items():
                assert -getattr(row, field) == Decimal(expected[fee_type]), (row, field)
            charged = sum(Decimal(expected[fee_type]) for fee_type in FEE_FIELDS.values())
            gst = (charged * Decimal("0.18")).quantize(PAISA, ROUND_HALF_UP)
            assert -row.gst_on_marketplace_fees == gst, row.order_item_id


def test_settlement_value_adds_up(written):
    for path in files_named(written, "settlement_", ".csv"):
        for row in settlement_rows(path):
            net_sale = row.sale_amount + row.refund
            fees = sum(getattr(row, field) for field in FEE_FIELDS)
            taxes = row.tcs + row.tds + row.gst_on_marketplace_fees

            assert row.marketplace_fee == fees
            assert row.taxes == taxes
            assert row.bank_settlement_value == net_sale + fees + taxes
            assert row.input_gst_tcs_credits == -(row.tcs + row.gst_on_marketplace_fees)
            assert row.income_tax_credits == -row.tds


def test_settlement_tcs_and_tds_rates(written):
    for path in files_named(written, "settlement_", ".csv"):
        for row in settlement_rows(path):
            net_sale = row.sale_amount + row.refund
            taxable = net_sale * 100 / (100 + row.item_gst_rate)

            assert -row.tcs == (taxable * Decimal("0.005")).quantize(PAISA, ROUND_HALF_UP)
            assert -row.tds == (net_sale * Decimal("0.001")).quantize(PAISA, ROUND_HALF_UP)


def test_settlement_payment_references(written, truth):
    today = truth["now"][:10]
    period = ReportPeriod.month(MONTH)

    for path in files_named(written, "settlement_", ".csv"):
        rows = settlement_rows(path)
        placeholders = [row for row in rows if row.neft_id == "DISBURSEMENT_CREATED"]
        transfers = [row for row in rows if row.neft_id.startswith("NFT-/XUTR/DEUTH")]

        assert placeholders
        assert len(placeholders) + len(transfers) == len(rows)
        for row in rows:
            assert period.first <= row.payment_date <= period.last
            assert row.payment_date.isoformat() <= today


def test_pnl_summary_equals_computed(written):
    for path in files_named(written, "pnl_", ".xlsx"):
        stated = read_pnl_summary(path)
        computed = compute_pnl_summary(pnl_rows(path))

        for field in fields(computed):
            value = getattr(computed, field.name)
            if value is not None:
                assert getattr(stated, field.name) == value, field.name


def test_pnl_summary_net_sales(written):
    for path in files_named(written, "pnl_", ".xlsx"):
        summary = read_pnl_summary(path)
        deductions = summary.rto + summary.rvp + summary.cancelled

        assert summary.returns_and_cancellations == deductions
        assert summary.estimated_net_sales == summary.gross_sales + deductions
        assert summary.net_units == summary.gross_units + summary.returns_and_cancellations_units


def test_pnl_rows_cover_the_month(written, truth):
    period = ReportPeriod.month(MONTH)

    for path in files_named(written, "pnl_", ".xlsx"):
        seller_id = path.parent.name
        in_month = {
            item_id
            for item_id, item in truth["sellers"][seller_id]["orderItems"].items()
            if period.first.isoformat() <= item["orderDate"][:10] <= period.last.isoformat()
        }
        rows = pnl_rows(path)

        assert {row.order_item_id for row in rows} == in_month


def test_overcharge_truth_lists_differing_rows(written, truth):
    items = _truth_items(truth)
    differing: set[str] = set()

    for path in files_named(written, "settlement_", ".csv"):
        for row in settlement_rows(path):
            if _differs(row, FEE_FIELDS, items[row.order_item_id]["fees"]):
                differing.add(row.order_item_id)
    for path in files_named(written, "pnl_", ".xlsx"):
        for row in pnl_rows(path):
            if _differs(row, PNL_FEE_FIELDS, items[row.order_item_id]["fees"]):
                differing.add(row.order_item_id)

    assert differing == {entry.order_item_id for entry in written.overcharges}


def test_overcharge_truth_file(written):
    data = json.loads(written.truth_file.read_text(encoding="utf-8"))
    entries = data["overcharges"]

    assert data["seed"] == SEED
    assert len(entries) == len(written.overcharges)
    assert len(entries) > 10
    for entry in entries:
        assert Decimal(entry["charged"]) - Decimal(entry["expected"]) == Decimal(
            entry["difference"]
        )
        assert Decimal(entry["difference"]) > 0


def test_same_seed_same_files(tmp_path):
    outputs = []
    for name in ("first", "second"):
        marketplace = Marketplace(SimConfig(seed=SEED, sellers=1, history_days=45, speed=0.0))
        outputs.append(
            write_marketplace_reports(
                marketplace, tmp_path / name, ReportPeriod.month(MONTH), overcharge_share=0.1
            )
        )

    first, second = outputs
    for first_file, second_file in zip(first.files, second.files, strict=True):
        assert first_file.read_bytes() == second_file.read_bytes(), first_file.name
    assert first.truth_file.read_bytes() == second.truth_file.read_bytes()
