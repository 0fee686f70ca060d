"""A simulated marketplace frozen in time and its report files, written once per module."""

import pytest

from ingestion.sandbox.simulation import Marketplace, SimConfig
from ingestion.sandbox.simulation.reports import (
    ReportPeriod,
    WrittenReports,
    write_marketplace_reports,
)

SEED = 7
MONTH = "2026-11"
OVERCHARGE_SHARE = 0.08


@pytest.fixture(scope="module")
def marketplace() -> Marketplace:
    # speed 0 freezes the clock, so the truth and the reports see the same now.
    return Marketplace(SimConfig(seed=SEED, sellers=2, history_days=90, speed=0.0))


@pytest.fixture(scope="module")
def truth(marketplace) -> dict:
    return marketplace.truth()


@pytest.fixture(scope="module")
def written(marketplace, tmp_path_factory) -> WrittenReports:
    out = tmp_path_factory.mktemp("reports")
    return write_marketplace_reports(
        marketplace, out, ReportPeriod.month(MONTH), overcharge_share=OVERCHARGE_SHARE
    )
