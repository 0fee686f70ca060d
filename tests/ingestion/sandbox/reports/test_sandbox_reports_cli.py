"""`sandbox reports`: the command's files, its period options and its overcharge model."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingestion.reports import read_settlement_report
from ingestion.sandbox.server.cli import app
from ingestion.sandbox.simulation.fees import FeeInput, compute_fees, load_rate_card
from ingestion.sandbox.simulation.reports.overcharge import charged_fees, choose_overcharge
from ingestion.sandbox.simulation.reports.period import ReportPeriod

runner = CliRunner()

SALE = FeeInput(
    category="apparel",
    tier="GOLD",
    fulfilment="NON_FBF",
    payment_type="COD",
    zone="local",
    unit_price=Decimal(499),
    quantity=1,
    shipping_charge=Decimal(0),
    unit_weight_g=Decimal(700),
    order_date=date(2026, 11, 3),
    outcome="delivered",
)


def test_cli_writes_reports(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "reports",
            "--out",
            str(out),
            "--sellers",
            "1",
            "--history-days",
            "30",
            "--month",
            "2026-11",
            "--overcharge-share",
            "0.05",
            "--format",
            "csv",
        ],
    )

    assert result.exit_code == 0, result.output
    printed = [line for line in result.stdout.splitlines() if line.startswith(str(out))]
    names = sorted(line.rsplit("/", 1)[-1] for line in printed)
    assert names == ["overcharges.json", "pnl_2026-11.xlsx", "settlement_2026-11.csv"]
    settlement = next(line for line in printed if line.endswith(".csv"))
    assert read_settlement_report(Path(settlement)).rows_rejected == 0


@pytest.mark.parametrize(
    "arguments",
    [
        ["--month", "2026-13"],
        ["--month", "2026-11", "--from-date", "2026-11-01", "--to-date", "2026-11-05"],
        ["--from-date", "2026-11-01"],
        ["--format", "pdf"],
    ],
)
def test_cli_rejects_bad_options(tmp_path, arguments):
    result = runner.invoke(app, ["reports", "--out", str(tmp_path), *arguments])

    assert result.exit_code == 2, result.output


def test_period_month_bounds():
    period = ReportPeriod.month("2026-02")

    assert (period.first, period.last, period.label) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
        "2026-02",
    )


def test_period_range_rejects_reversed():
    with pytest.raises(ValueError, match="before its start"):
        ReportPeriod.between(date(2026, 11, 5), date(2026, 11, 1))


@pytest.mark.parametrize("outcome", ["delivered", "rto", "customer_return"])
def test_overcharge_raises_one_fee(outcome):
    card = load_rate_card()
    item = replace(SALE, outcome=outcome)
    expected = compute_fees(card, item)

    for number in range(40):
        overcharge = choose_overcharge(
            card, item, expected, seed=7, order_item_id=f"1000{number}", share=1.0
        )
        assert overcharge is not None
        charged = charged_fees(expected, overcharge)
        changed = [
            name
            for name in expected
            if name not in ("gst_on_fees", "total") and charged[name] != expected[name]
        ]
        assert changed == [overcharge.fee_type]
        assert overcharge.difference > 0
        assert charged["total"] > expected["total"]


def test_overcharge_share_zero_never_charges():
    card = load_rate_card()
    expected = compute_fees(card, SALE)

    chosen = [
        choose_overcharge(card, SALE, expected, seed=7, order_item_id=str(n), share=0.0)
        for n in range(50)
    ]
    assert chosen == [None] * 50


def test_cancelled_item_never_overcharged():
    card = load_rate_card()
    item = replace(SALE, outcome="cancelled")

    chosen = choose_overcharge(
        card, item, compute_fees(card, item), seed=7, order_item_id="1", share=1.0
    )
    assert chosen is None
