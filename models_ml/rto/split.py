"""Time-based split of labelled order items into training, calibration and test slices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import polars as pl


@dataclass(frozen=True)
class TimeSplit:
    """Labelled items in three consecutive order-time slices.

    Items of one order share an order time, so an order never straddles two slices.
    """

    train: pl.DataFrame
    calibration: pl.DataFrame
    test: pl.DataFrame

    @property
    def window_start(self) -> datetime:
        return self.train["ordered_at"].min()

    @property
    def window_end(self) -> datetime:
        return self.test["ordered_at"].max()


def mature_labelled(features: pl.DataFrame, as_of: datetime, maturity_days: int) -> pl.DataFrame:
    """Return labelled items ordered at least `maturity_days` before `as_of`."""
    cutoff = as_of - timedelta(days=maturity_days)
    return features.filter(pl.col("label").is_not_null() & (pl.col("ordered_at") <= cutoff))


def time_split(labelled: pl.DataFrame, train_share: float, calibration_share: float) -> TimeSplit:
    """Cut labelled items by order time at the given shares of rows.

    Each cut is the order time of the row at that share, and every item ordered before it
    falls in the earlier slice. Any slice can be empty when few distinct order times exist.
    """
    ordered = labelled.sort("ordered_at", "order_item_id")
    rows = ordered.height
    if rows == 0:
        empty = ordered.clear()
        return TimeSplit(train=empty, calibration=empty, test=empty)

    times = ordered["ordered_at"]
    train_end = times[min(int(rows * train_share), rows - 1)]
    calibration_end = times[min(int(rows * (train_share + calibration_share)), rows - 1)]

    return TimeSplit(
        train=ordered.filter(pl.col("ordered_at") < train_end),
        calibration=ordered.filter(
            (pl.col("ordered_at") >= train_end) & (pl.col("ordered_at") < calibration_end)
        ),
        test=ordered.filter(pl.col("ordered_at") >= calibration_end),
    )
