"""LightGBM RTO classifier with a calibration fitted on a later, held-out slice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from models_ml.rto.config import BoosterParams
from models_ml.rto.features import FEATURES

# Raw booster scores are clipped away from 0 and 1 before the logit of the sigmoid calibration.
LOGIT_EPSILON = 1e-6


@dataclass(frozen=True)
class CalibratedBooster:
    """A trained booster and the calibration that maps its scores to probabilities."""

    booster: Any  # lightgbm.Booster
    calibrator: Any  # sklearn LogisticRegression on the score's logit, or IsotonicRegression
    method: str
    features: tuple[str, ...] = FEATURES

    def raw_scores(self, features: pl.DataFrame) -> np.ndarray:
        """Return the booster's uncalibrated probabilities for each row."""
        matrix = feature_matrix(features, self.features)
        return self.booster.predict(matrix, num_threads=1)

    def predict(self, features: pl.DataFrame) -> np.ndarray:
        """Return the calibrated RTO probability of each row of `features`."""
        return calibrate(self.calibrator, self.method, self.raw_scores(features))


def feature_matrix(features: pl.DataFrame, names: tuple[str, ...] = FEATURES) -> np.ndarray:
    """Return the float64 matrix of the feature columns, with missing values as NaN."""
    return features.select(pl.col(name).cast(pl.Float64) for name in names).to_numpy()


def train_booster(train: pl.DataFrame, params: BoosterParams, seed: int) -> Any:
    """Train the LightGBM binary classifier on the training slice's features and labels."""
    import lightgbm

    dataset = lightgbm.Dataset(
        feature_matrix(train),
        label=train["label"].to_numpy(),
        feature_name=list(FEATURES),
        params={"verbosity": -1},
        free_raw_data=True,
    )
    return lightgbm.train(
        params.lightgbm_params(seed), dataset, num_boost_round=params.num_boost_round
    )


def fit_calibrator(method: str, raw_scores: np.ndarray, labels: np.ndarray) -> Any:
    """Fit Platt scaling ('sigmoid') or isotonic regression of labels on raw scores."""
    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
        return isotonic.fit(raw_scores, labels)

    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=1e6, max_iter=1000)
    return platt.fit(logit(raw_scores).reshape(-1, 1), labels)


def calibrate(calibrator: Any, method: str, raw_scores: np.ndarray) -> np.ndarray:
    """Map raw booster scores to calibrated probabilities."""
    if method == "isotonic":
        return np.asarray(calibrator.predict(raw_scores), dtype=np.float64)
    return calibrator.predict_proba(logit(raw_scores).reshape(-1, 1))[:, 1]


def fit_calibrated_booster(
    train: pl.DataFrame,
    calibration: pl.DataFrame,
    params: BoosterParams,
    method: str,
    seed: int,
) -> CalibratedBooster:
    """Train on the training slice, then fit the calibration on the calibration slice."""
    booster = train_booster(train, params, seed)
    raw = booster.predict(feature_matrix(calibration), num_threads=1)
    calibrator = fit_calibrator(method, raw, calibration["label"].to_numpy())
    return CalibratedBooster(booster=booster, calibrator=calibrator, method=method)


def logit(probabilities: np.ndarray) -> np.ndarray:
    clipped = np.clip(probabilities, LOGIT_EPSILON, 1 - LOGIT_EPSILON)
    return np.log(clipped / (1 - clipped))
