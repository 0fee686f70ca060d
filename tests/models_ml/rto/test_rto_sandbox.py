"""The RTO model against the sandbox's true RTO probabilities, on a built warehouse."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest
from rto_sandbox_history import SandboxHistory
from sklearn.metrics import roc_auc_score

from models_ml.rto import RtoConfig, RtoResult, run_rto
from models_ml.rto.features import build_features, history_counts, label_items
from models_ml.rto.scoring import ITEM_SCORE_COLUMNS, SKU_RATE_COLUMNS, sku_rto_rates

pytestmark = pytest.mark.xdist_group("dbt-build")

SEED = 7


def latest_as_of(history: SandboxHistory) -> datetime:
    return history.items["as_of"].max()


@pytest.fixture(scope="module")
def result(sandbox_history: SandboxHistory) -> RtoResult:
    return run_rto(sandbox_history.items, latest_as_of(sandbox_history), SEED)


def test_model_near_oracle_and_calibrated(
    sandbox_history: SandboxHistory, result: RtoResult
) -> None:
    """ROC-AUC is at least 0.95 x the oracle's, and the mean is within 2 points of observed."""
    test = result.training.test_predictions.join(
        sandbox_history.true_probabilities, on="order_item_id", how="left"
    )
    labels = test["label"].to_numpy()
    model_auc = roc_auc_score(labels, test["rto_probability"].to_numpy())
    oracle_auc = roc_auc_score(labels, test["true_probability"].to_numpy())
    mean_predicted = test["rto_probability"].mean()
    observed_rate = test["label"].mean()
    metrics = result.version.metrics

    print(
        f"\nRTO test slice: {test.height} items, ROC-AUC {model_auc:.4f}, oracle ROC-AUC "
        f"{oracle_auc:.4f}, ratio {model_auc / oracle_auc:.4f}; mean predicted "
        f"{mean_predicted:.4f}, observed {observed_rate:.4f}, gap "
        f"{(mean_predicted - observed_rate) * 100:+.2f} points; PR-AUC {metrics['pr_auc']:.4f}, "
        f"Brier {metrics['brier']:.4f}"
    )
    assert result.version.kind == "lightgbm"
    assert test["true_probability"].null_count() == 0
    assert test.height >= 2000, "the test slice should hold a few thousand items"
    assert model_auc / oracle_auc >= 0.95
    # NOTE: the gap is mostly sampling error of the calibration and test slices. Sandbox seeds
    # 32 and 33 at this size gave +0.7 and +1.6 points, so a change of seed or size can fail
    # this check without any change in the model.
    assert abs(mean_predicted - observed_rate) <= 0.02
    assert metrics["roc_auc"] == pytest.approx(model_auc)
    assert metrics["calibration_gap"] == pytest.approx(mean_predicted - observed_rate)


def test_forty_labelled_orders_use_baseline(sandbox_history: SandboxHistory) -> None:
    as_of = as_of_with_labelled_orders(sandbox_history.items, 40)
    early = run_rto(sandbox_history.items, as_of, SEED)

    assert early.version.kind == "baseline"
    assert early.version.metrics["labelled_orders"] == 40
    assert "40 labelled orders" in early.version.params["fallback_reason"]
    assert early.item_scores.height > 0
    assert early.item_scores["model_kind"].unique().to_list() == ["baseline"]
    assert early.sku_rates.height > 0


def test_open_items_all_scored(sandbox_history: SandboxHistory, result: RtoResult) -> None:
    open_ids = sandbox_history.items.filter(pl.col("outcome") == "open")["order_item_id"]
    scores = result.item_scores

    assert tuple(scores.columns) == ITEM_SCORE_COLUMNS
    assert sorted(scores["order_item_id"].to_list()) == sorted(open_ids.to_list())
    assert scores["rto_probability"].is_between(0.0, 1.0, closed="none").all()
    assert scores["model_kind"].unique().to_list() == ["lightgbm"]
    assert scores["scored_at"].unique().to_list() == [latest_as_of(sandbox_history)]


def test_sku_rates_track_true_rates(sandbox_history: SandboxHistory, result: RtoResult) -> None:
    """Predicted SKU rates are close to the SKUs' mean true probability and rank like them."""
    rates = result.sku_rates
    features = result.training.features
    recent = features.filter(
        ~pl.col("is_cancelled")
        & (pl.col("ordered_at") > latest_as_of(sandbox_history) - pl.duration(days=90))
    ).join(sandbox_history.true_probabilities, on="order_item_id")
    true_rates = recent.group_by("sku").agg(true_rate=pl.col("true_probability").mean())
    compared = rates.join(true_rates, on="sku", how="left")
    error = (compared["predicted_rate"] - compared["true_rate"]).abs().mean()
    rank_correlation = compared.select(
        pl.corr("predicted_rate", "true_rate", method="spearman")
    ).item()

    print(f"\nSKU rates: mean absolute error {error:.4f}, Spearman {rank_correlation:.3f}")
    assert tuple(rates.columns) == SKU_RATE_COLUMNS
    assert compared["true_rate"].null_count() == 0
    assert error <= 0.03
    assert rank_correlation >= 0.7


def test_sku_rates_ranked_with_intervals(result: RtoResult) -> None:
    # A high minimum, so that some SKUs of the sandbox fall below it.
    rates = sku_rto_rates(result.training, RtoConfig(sku_rank_min_items=100))
    ranked = rates.filter(pl.col("rank").is_not_null()).sort("rank")
    unranked = rates.filter(pl.col("rank").is_null())

    assert (rates["low"] <= rates["predicted_rate"]).all()
    assert (rates["predicted_rate"] <= rates["high"]).all()
    assert ranked.height > 0
    assert unranked.height > 0
    assert ranked["rank"].to_list() == list(range(1, ranked.height + 1))
    assert ranked["predicted_rate"].is_sorted(descending=True)
    assert (ranked["orders"] >= 100).all()
    assert (unranked["orders"] < 100).all()


def test_training_is_deterministic(sandbox_history: SandboxHistory, result: RtoResult) -> None:
    again = run_rto(sandbox_history.items, latest_as_of(sandbox_history), SEED)

    assert again.version == result.version
    assert again.item_scores.equals(result.item_scores)
    assert again.sku_rates.equals(result.sku_rates)


def test_history_counts_match_brute_force(sandbox_history: SandboxHistory) -> None:
    """On real data, a state's history counts only labels known before the item's order."""
    as_of = latest_as_of(sandbox_history)
    features = build_features(sandbox_history.items, as_of)
    counts = history_counts(features, ("delivery_state_code",))
    sample = features.with_columns(counts).gather_every(997)

    for row in sample.iter_rows(named=True):
        earlier = features.filter(
            (pl.col("delivery_state_code") == row["delivery_state_code"])
            & (pl.col("label_known_at") < row["ordered_at"])
        )
        assert row["items"] == earlier.height, row["order_item_id"]
        assert row["rtos"] == earlier["label"].sum(), row["order_item_id"]


def as_of_with_labelled_orders(items: pl.DataFrame, orders: int) -> datetime:
    """Return the earliest time by which exactly `orders` orders have a known label."""
    labelled = label_items(items, items["as_of"].max())
    first_known = (
        labelled.filter(pl.col("label_known_at").is_not_null())
        .group_by("order_id")
        .agg(pl.col("label_known_at").min())
        .sort("label_known_at")
    )
    as_of = first_known["label_known_at"][orders - 1]
    assert first_known["label_known_at"][orders] > as_of, "two orders labelled at one instant"
    return as_of
