"""Settings of the RTO risk model, its fallback baseline and the per-SKU rates."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from models_ml.rto.features import HistorySmoothing

CALIBRATION_METHODS = ("sigmoid", "isotonic")


@dataclass(frozen=True)
class BoosterParams:
    """LightGBM settings. Single-threaded, column-wise and deterministic, so a seed fixes
    the trees bit for bit; the binary objective is unweighted, so scores stay probabilities."""

    learning_rate: float = 0.02
    num_boost_round: int = 300
    num_leaves: int = 7
    min_data_in_leaf: int = 80
    feature_fraction: float = 0.9
    bagging_fraction: float = 0.8
    bagging_freq: int = 1
    lambda_l2: float = 1.0
    num_threads: int = 1

    def lightgbm_params(self, seed: int) -> dict[str, Any]:
        """Return the parameter dict for lightgbm.train, seeded with `seed`."""
        params = asdict(self)
        del params["num_boost_round"]
        params.update(
            objective="binary",
            seed=seed,
            deterministic=True,
            force_col_wise=True,
            verbosity=-1,
        )
        return params


@dataclass(frozen=True)
class RtoConfig:
    """Settings for training, calibrating and evaluating the RTO model and for the SKU rates.

    Time split: labelled items ordered at least `maturity_days` before as_of are sorted by
    order time. The first `train_share` of them trains the booster and the next
    `calibration_share` fits the calibration. The rest is the test slice for the metrics.
    Recent items are left out because many of their outcomes are still unknown, and the
    known ones are biased: deliveries and RTOs resolve at different speeds.
    """

    # Below this many labelled orders the baseline replaces the model.
    min_labelled_orders: int = 500
    maturity_days: int = 14
    # A quarter of the items goes to the test slice. With 16,000 labelled items that is 4,000,
    # and an observed RTO rate near 15 % then has a standard error of about 0.6 points.
    train_share: float = 0.5
    calibration_share: float = 0.25
    calibration: Literal["sigmoid", "isotonic"] = "sigmoid"
    booster: BoosterParams = field(default_factory=BoosterParams)
    smoothing: HistorySmoothing = field(default_factory=HistorySmoothing)
    # Per-SKU rates: the window of recent items, the central mass of the interval and the
    # minimum number of items a SKU needs to be ranked.
    sku_window_days: int = 90
    sku_interval_mass: float = 0.9
    sku_rank_min_items: int = 10

    def __post_init__(self) -> None:
        if self.min_labelled_orders < 1:
            raise ValueError(
                f"RtoConfig.min_labelled_orders must be >= 1, got {self.min_labelled_orders}"
            )
        if self.maturity_days < 0:
            raise ValueError(f"RtoConfig.maturity_days must be >= 0, got {self.maturity_days}")
        shares = (self.train_share, self.calibration_share)
        if min(shares) <= 0 or sum(shares) >= 1:
            raise ValueError(
                f"RtoConfig train_share={self.train_share} and calibration_share="
                f"{self.calibration_share} must be positive and sum to less than 1, so the "
                "test slice is not empty."
            )
        if self.calibration not in CALIBRATION_METHODS:
            raise ValueError(
                f"RtoConfig.calibration={self.calibration!r} is not one of {CALIBRATION_METHODS}"
            )
        if self.sku_window_days < 1:
            raise ValueError(f"RtoConfig.sku_window_days must be >= 1, got {self.sku_window_days}")
        if not 0 < self.sku_interval_mass < 1:
            raise ValueError(
                f"RtoConfig.sku_interval_mass must be within (0, 1), got {self.sku_interval_mass}"
            )

    def as_params(self) -> dict[str, Any]:
        """Return the settings as a JSON-compatible dict for the model version record."""
        return asdict(self)
