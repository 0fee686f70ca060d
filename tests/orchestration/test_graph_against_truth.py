"""The whole graph for one sandbox account, checked against the sandbox's ground truth."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xdist_group("orchestration")

STEPS = {
    "operational_copy",
    "flipkart_sync",
    "raw__stock_levels",
    "warehouse_dbt",
    "rto_model",
    "ml__delay_findings",
    "ml__fast_movers",
    "ml__price_suggestions",
    "published_warehouse",
}


def test_graph_run_succeeds(built) -> None:
    assert built.run.success
    assert built.run.problems == []


def test_every_step_ran(built) -> None:
    assert set(built.run.step_seconds) == STEPS


def test_marts_match_truth(pipeline, built, truth_checks) -> None:
    seller_id = pipeline.server.credentials()[0]["seller_id"]
    seller = pipeline.server.truth(seller_id)["sellers"][seller_id]
    # The marts name the account by the operational store's id, the truth by the sandbox's.
    truth = {"sellers": {built.partition.account_id: seller}}

    mismatches = truth_checks.compare_marts_with_truth(built.published, truth)

    assert mismatches == []
