"""Time split, baseline, metrics and settings of the RTO model, on hand-built frames."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest

from models_ml.rto.baseline import PRIOR_RATES, fit_baseline
from models_ml.rto.config import RtoConfig
from models_ml.rto.features import HistorySmoothing
from models_ml.rto.metrics import probability_metrics
from models_ml.rto.split import mature_labelled, time_split
from models_ml.rto.training import check_single_account, split_problem

START = datetime(2026, 8, 1, tzinfo=UTC)


def labelled_frame(orders: int, items_per_order: int = 1) -> pl.DataFrame:
    """Labelled items, one order per hour, every third order an RTO."""
    rows = []
    for order in range(orders):
        for line in range(items_per_order):
            rows.append(
                {
                    "order_item_id": f"{order:05d}-{line}",
                    "order_id": f"OD-{order:05d}",
                    "ordered_at": START + timedelta(hours=order),
                    "label": 1 if order % 3 == 0 else 0,
                }
            )
    schema = {
        "order_item_id": pl.String,
        "order_id": pl.String,
        "ordered_at": pl.Datetime("us", "UTC"),
        "label": pl.Int8,
    }
    return pl.DataFrame(rows, schema=schema)


def test_time_split_keeps_orders_whole() -> None:
    split = time_split(labelled_frame(100, items_per_order=3), 0.6, 0.2)
    slices = (split.train, split.calibration, split.test)
    order_sets = [set(part["order_id"]) for part in slices]

    assert sum(part.height for part in slices) == 300
    assert not order_sets[0] & order_sets[1]
    assert not order_sets[1] & order_sets[2]
    assert split.train["ordered_at"].max() < split.calibration["ordered_at"].min()
    assert split.calibration["ordered_at"].max() < split.test["ordered_at"].min()
    assert split.train.height == 180
    assert split.calibration.height == 60


def test_time_split_of_nothing_is_empty() -> None:
    split = time_split(labelled_frame(0), 0.6, 0.2)

    assert split.train.height == split.calibration.height == split.test.height == 0
    assert split_problem(split) == "the train slice of matured labelled items is empty"


def test_split_problem_names_one_class_slice() -> None:
    frame = labelled_frame(30).with_columns(
        label=pl.when(pl.col("ordered_at") >= START + timedelta(hours=24))
        .then(pl.lit(0, pl.Int8))
        .otherwise(pl.col("label"))
    )
    split = time_split(frame, 0.6, 0.2)

    assert split_problem(split) == "the test slice contains only label 0, so it cannot be used"


def test_mature_labelled_drops_recent_and_unlabelled() -> None:
    frame = labelled_frame(48).with_columns(
        label=pl.when(pl.col("order_id") == "OD-00001").then(None).otherwise(pl.col("label"))
    )
    as_of = START + timedelta(days=3)
    mature = mature_labelled(frame, as_of, maturity_days=2)

    assert mature["ordered_at"].max() == START + timedelta(days=1)
    assert "OD-00001" not in mature["order_id"].to_list()
    assert mature.height == 24


def test_baseline_shrinks_state_toward_payment() -> None:
    rows = [("COD", "29", 1)] * 10 + [("COD", "29", 0)] * 10 + [("COD", "07", 0)] * 20
    rows += [("PREPAID", "29", 0)] * 2
    labelled = pl.DataFrame(
        rows, schema=["payment_type", "delivery_state_code", "label"], orient="row"
    )
    rates = fit_baseline(labelled, HistorySmoothing(prior_weight=20.0, min_volume=5))
    queries = pl.DataFrame(
        {
            "payment_type": ["COD", "COD", "COD", "PREPAID", "UPI"],
            "delivery_state_code": ["29", "07", "33", "29", "29"],
        }
    )
    predicted = rates.predict(queries).to_list()

    cod_rate = (10 + 20 * PRIOR_RATES["COD"]) / (40 + 20)
    assert predicted[0] == pytest.approx((10 + 20 * cod_rate) / 40)
    assert predicted[1] == pytest.approx((0 + 20 * cod_rate) / 40)
    assert predicted[2] == pytest.approx(cod_rate), "unseen state: the payment type's rate"
    assert predicted[3] == pytest.approx(PRIOR_RATES["PREPAID"]), "2 prepaid items: the prior"
    assert predicted[4] == pytest.approx(0.10), "unknown payment type: the generic prior"


def test_baseline_without_labels_uses_priors() -> None:
    labelled = pl.DataFrame(
        schema={"payment_type": pl.String, "delivery_state_code": pl.String, "label": pl.Int8}
    )
    rates = fit_baseline(labelled, HistorySmoothing())
    queries = pl.DataFrame({"payment_type": ["COD"], "delivery_state_code": ["29"]})

    assert rates.predict(queries).to_list() == [PRIOR_RATES["COD"]]


def test_metrics_on_known_values() -> None:
    labels = np.array([0, 0, 1, 1])
    probabilities = np.array([0.1, 0.4, 0.35, 0.8])
    metrics = probability_metrics(labels, probabilities)

    assert metrics["roc_auc"] == pytest.approx(0.75)
    assert metrics["pr_auc"] == pytest.approx((1 + 2 / 3) / 2)
    assert metrics["brier"] == pytest.approx((0.01 + 0.16 + 0.4225 + 0.04) / 4)
    assert metrics["calibration_gap"] == pytest.approx(0.4125 - 0.5)
    assert metrics["rows"] == 4


def test_metrics_with_one_class_have_no_auc() -> None:
    metrics = probability_metrics(np.array([0, 0, 0]), np.array([0.1, 0.2, 0.3]))

    assert math.isnan(metrics["roc_auc"])
    assert math.isnan(metrics["pr_auc"])
    assert metrics["brier"] == pytest.approx((0.01 + 0.04 + 0.09) / 3)


def test_metrics_reject_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match=r"labels has shape \(2,\) but probabilities has \(3,\)"):
        probability_metrics(np.array([0, 1]), np.array([0.1, 0.2, 0.3]))


def test_training_rejects_two_accounts() -> None:
    items = pl.DataFrame({"account_id": ["acct-1", "acct-2", "acct-1"]})

    with pytest.raises(
        ValueError, match=r"order items of 2 accounts \(acct-1, acct-2\) were passed"
    ):
        check_single_account(items)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"train_share": 0.7, "calibration_share": 0.3}, "sum to less than 1"),
        ({"calibration": "beta"}, "calibration='beta' is not one of"),
        ({"min_labelled_orders": 0}, "min_labelled_orders must be >= 1, got 0"),
        ({"sku_interval_mass": 1.0}, r"sku_interval_mass must be within \(0, 1\), got 1.0"),
    ],
)
def test_config_rejects_invalid_settings(settings: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RtoConfig(**settings)
