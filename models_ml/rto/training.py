"""Train the RTO risk model of one seller account, or fall back to the baseline.

The model is LightGBM trained on the earliest labelled items, calibrated on the next slice and
measured on the last. Refit policy: none. The model that scores open items is exactly the one
the test metrics describe, at the cost of not learning from the latest slices.

Below `RtoConfig.min_labelled_orders` labelled orders, or when a slice is empty or contains
one class only, the baseline (smoothed rate by payment type and delivery state, fitted on
every item labelled by as_of) is used instead and `kind` is 'baseline'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import numpy as np
import polars as pl

from models_ml.registry import ModelVersion, model_version
from models_ml.rto import baseline
from models_ml.rto.baseline import BaselineRates, fit_baseline
from models_ml.rto.config import RtoConfig
from models_ml.rto.features import FEATURES, build_features, utc_as_of
from models_ml.rto.metrics import probability_metrics
from models_ml.rto.model import CalibratedBooster, fit_calibrated_booster
from models_ml.rto.split import TimeSplit, mature_labelled, time_split

MODEL_NAME = "rto_risk"
ModelKind = Literal["lightgbm", "baseline"]


@dataclass(frozen=True)
class RtoTraining:
    """A trained RTO scorer with its version record and the features it was built from.

    `test_predictions` contains the test slice's order_item_id, label and rto_probability for the
    LightGBM model, and is empty for the baseline.
    """

    kind: ModelKind
    reason: str
    version: ModelVersion
    as_of: datetime
    features: pl.DataFrame
    test_predictions: pl.DataFrame
    model: CalibratedBooster | None = None
    rates: BaselineRates | None = None

    def predict(self, features: pl.DataFrame) -> np.ndarray:
        """Return the RTO probability of each row of a `build_features` frame."""
        if self.model is not None:
            return self.model.predict(features)
        assert self.rates is not None
        return self.rates.predict(features).to_numpy()


def train_rto(
    items: pl.DataFrame, as_of: datetime, seed: int, config: RtoConfig | None = None
) -> RtoTraining:
    """Train on one account's order items (frames.order_item_frame) as of `as_of`.

    Training is deterministic: the same items, as_of, seed and config give the same model.
    """
    as_of = utc_as_of(as_of)
    check_single_account(items)
    config = config or RtoConfig()

    features = build_features(items, as_of, config.smoothing)
    labelled = features.filter(pl.col("label").is_not_null())
    labelled_orders = labelled["order_id"].n_unique()

    if labelled_orders < config.min_labelled_orders:
        reason = (
            f"{labelled_orders} labelled orders, fewer than the "
            f"{config.min_labelled_orders} the model needs"
        )
        return train_baseline(features, labelled, as_of, seed, config, reason)

    split = time_split(
        mature_labelled(features, as_of, config.maturity_days),
        config.train_share,
        config.calibration_share,
    )
    problem = split_problem(split)
    if problem is not None:
        return train_baseline(features, labelled, as_of, seed, config, problem)

    model = fit_calibrated_booster(
        split.train, split.calibration, config.booster, config.calibration, seed
    )
    probabilities = model.predict(split.test)
    metrics = probability_metrics(split.test["label"].to_numpy(), probabilities)
    metrics["test_rows"] = metrics.pop("rows")
    metrics.update(
        train_rows=split.train.height,
        calibration_rows=split.calibration.height,
        labelled_orders=labelled_orders,
    )
    test_predictions = split.test.select("order_item_id", "label").with_columns(
        rto_probability=pl.Series(probabilities)
    )

    return RtoTraining(
        kind="lightgbm",
        reason=f"{labelled_orders} labelled orders, at least {config.min_labelled_orders}",
        version=version_record(
            kind="lightgbm",
            window=(split.window_start, split.window_end),
            features=FEATURES,
            config=config,
            seed=seed,
            metrics=metrics,
            rows=split.train.height,
            as_of=as_of,
        ),
        as_of=as_of,
        features=features,
        test_predictions=test_predictions,
        model=model,
    )


def train_baseline(
    features: pl.DataFrame,
    labelled: pl.DataFrame,
    as_of: datetime,
    seed: int,
    config: RtoConfig,
    reason: str,
) -> RtoTraining:
    """Fit the baseline on every labelled item and record why it replaced the model."""
    rates = fit_baseline(labelled, config.smoothing)
    labels = labelled["label"].to_numpy()
    metrics = {
        "labelled_orders": labelled["order_id"].n_unique(),
        "labelled_items": labelled.height,
        "observed_rate": float(labels.mean()) if labels.size else float("nan"),
    }
    if labelled.height:
        window_start, window_end = labelled["ordered_at"].min(), labelled["ordered_at"].max()
    else:
        window_start = window_end = as_of

    return RtoTraining(
        kind="baseline",
        reason=reason,
        version=version_record(
            kind="baseline",
            window=(window_start, window_end),
            features=baseline.FEATURES,
            config=config,
            seed=seed,
            metrics=metrics,
            rows=labelled.height,
            as_of=as_of,
            reason=reason,
        ),
        as_of=as_of,
        features=features,
        test_predictions=pl.DataFrame(
            schema={"order_item_id": pl.String, "label": pl.Int8, "rto_probability": pl.Float64}
        ),
        rates=rates,
    )


def split_problem(split: TimeSplit) -> str | None:
    """Return why the split cannot train and calibrate a classifier, or None when it can."""
    for name in ("train", "calibration", "test"):
        labels = getattr(split, name)["label"]
        if labels.len() == 0:
            return f"the {name} slice of matured labelled items is empty"
        if labels.n_unique() < 2:
            return f"the {name} slice contains only label {labels[0]}, so it cannot be used"
    return None


def version_record(
    *,
    kind: ModelKind,
    window: tuple[datetime, datetime],
    features: tuple[str, ...],
    config: RtoConfig,
    seed: int,
    metrics: dict[str, float],
    rows: int,
    as_of: datetime,
    reason: str | None = None,
) -> ModelVersion:
    """Build the registry record; trained_at is as_of, so a rerun gives an equal record."""
    window_start, window_end = window
    params = {"kind": kind, "config": config.as_params(), "seed": seed}
    if reason is not None:
        params["fallback_reason"] = reason
    return ModelVersion(
        name=MODEL_NAME,
        version=model_version(MODEL_NAME, window_start, window_end, features, params, seed),
        kind=kind,
        trained_at=as_of,
        window_start=window_start,
        window_end=window_end,
        features=features,
        params=params,
        metrics=metrics,
        rows=rows,
    )


def check_single_account(items: pl.DataFrame) -> None:
    """Reject frames that mix seller accounts, because each account gets its own model."""
    accounts = items["account_id"].unique().sort().to_list()
    if len(accounts) > 1:
        shown = ", ".join(map(str, accounts[:3])) + (", ..." if len(accounts) > 3 else "")
        raise ValueError(
            f"order items of {len(accounts)} accounts ({shown}) were passed. Train one account "
            "at a time with order_item_frame(connection, account_id)."
        )
