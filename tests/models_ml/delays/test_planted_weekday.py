"""The simulator's planted dispatch-delay weekday (SimConfig.late_weekday)."""

import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from ingestion.sandbox.server.cli import app
from ingestion.sandbox.simulation import Marketplace, SimConfig

WEDNESDAY = 2
WORLD = {"seed": 3, "sellers": 1, "history_days": 28, "orders_per_day": 30, "speed": 0}


def shipments(late_weekday: int | None) -> dict[str, dict]:
    truth = Marketplace(SimConfig(**WORLD, late_weekday=late_weekday)).truth()
    (seller,) = truth["sellers"].values()
    return seller["shipments"]


def ordered_on(shipment: dict) -> int:
    # Truth timestamps carry the IST offset, so weekday() is the IST weekday.
    return datetime.fromisoformat(shipment["orderDate"]).weekday()


@pytest.fixture(scope="module")
def planted() -> dict[str, dict]:
    return shipments(WEDNESDAY)


@pytest.fixture(scope="module")
def unplanted() -> dict[str, dict]:
    return shipments(None)


def test_planted_weekday_ready_after_dispatch_by(planted: dict[str, dict]) -> None:
    readied = [
        shipment
        for shipment in planted.values()
        if ordered_on(shipment) == WEDNESDAY and shipment["readyToDispatchAt"] is not None
    ]

    assert len(readied) > 50
    assert all(shipment["dispatchedLate"] for shipment in readied)


def test_unplanted_weekday_mostly_on_time(unplanted: dict[str, dict]) -> None:
    readied = [
        shipment
        for shipment in unplanted.values()
        if ordered_on(shipment) == WEDNESDAY and shipment["readyToDispatchAt"] is not None
    ]
    late = sum(bool(shipment["dispatchedLate"]) for shipment in readied)

    assert late < len(readied) / 4


@pytest.mark.parametrize("weekday", [-1, 7])
def test_sim_config_rejects_bad_weekday(weekday: int) -> None:
    with pytest.raises(ValueError, match=f"late_weekday must be within 0..6.*got {weekday}"):
        SimConfig(late_weekday=weekday)


def test_cli_truth_accepts_late_weekday() -> None:
    arguments = ["truth", "--sellers", "1", "--history-days", "7", "--orders-per-day", "20"]

    result = CliRunner().invoke(app, [*arguments, "--late-weekday", str(WEDNESDAY)])

    assert result.exit_code == 0, result.output
    (seller,) = json.loads(result.output)["sellers"].values()
    readied = [
        shipment
        for shipment in seller["shipments"].values()
        if ordered_on(shipment) == WEDNESDAY and shipment["readyToDispatchAt"] is not None
    ]
    assert readied
    assert all(shipment["dispatchedLate"] for shipment in readied)


def test_cli_rejects_weekday_out_of_range() -> None:
    result = CliRunner().invoke(app, ["truth", "--late-weekday", "7"])

    assert result.exit_code == 2
    assert "--late-weekday" in result.output
