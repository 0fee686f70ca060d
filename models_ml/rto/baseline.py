"""Fallback RTO baseline for accounts with too little labelled history to train a model.

An item's probability is the smoothed RTO rate of labelled items with the same payment type
and delivery state. The state rate is shrunk toward the payment type's rate, and that toward
an assumed prior, with the same HistorySmoothing as the model's history features.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from models_ml.rto.features import HistorySmoothing, smoothed_rate

# Prior RTO rates by payment type when an account has few or no labels. NOTE: these are
# assumptions set near commonly reported Indian e-commerce figures (about a quarter of COD
# orders, a few percent of prepaid ones), not values measured on this seller.
PRIOR_RATES = {"COD": 0.25, "PREPAID": 0.02}
UNKNOWN_PAYMENT_PRIOR = 0.10
FEATURES = ("payment_type", "delivery_state_code")


@dataclass(frozen=True)
class BaselineRates:
    """Smoothed RTO rates by payment type and by payment type and delivery state."""

    payment_rates: pl.DataFrame  # payment_type, payment_rate
    state_rates: pl.DataFrame  # payment_type, delivery_state_code, state_rate
    labelled_items: int

    def predict(self, items: pl.DataFrame) -> pl.Series:
        """Return the RTO probability of each row of `items`, in row order."""
        priors = pl.col("payment_type").replace_strict(
            PRIOR_RATES, default=UNKNOWN_PAYMENT_PRIOR, return_dtype=pl.Float64
        )
        scored = (
            items.select("payment_type", "delivery_state_code")
            .join(self.payment_rates, on="payment_type", how="left", maintain_order="left")
            .join(
                self.state_rates,
                on=["payment_type", "delivery_state_code"],
                how="left",
                maintain_order="left",
            )
            .select(pl.coalesce("state_rate", "payment_rate", priors).alias("rto_probability"))
        )
        return scored["rto_probability"]


def fit_baseline(labelled: pl.DataFrame, smoothing: HistorySmoothing) -> BaselineRates:
    """Fit the baseline on labelled items (columns payment_type, delivery_state_code, label)."""
    priors = pl.col("payment_type").replace_strict(
        PRIOR_RATES, default=UNKNOWN_PAYMENT_PRIOR, return_dtype=pl.Float64
    )
    payment_rates = (
        labelled.group_by("payment_type")
        .agg(items=pl.len(), rtos=pl.col("label").cast(pl.Int64).sum())
        .with_columns(
            payment_rate=smoothed_rate(pl.col("rtos"), pl.col("items"), priors, smoothing)
        )
        .select("payment_type", "payment_rate")
        .sort("payment_type")
    )
    state_rates = (
        labelled.group_by("payment_type", "delivery_state_code")
        .agg(items=pl.len(), rtos=pl.col("label").cast(pl.Int64).sum())
        .join(payment_rates, on="payment_type", how="left")
        .with_columns(
            state_rate=smoothed_rate(
                pl.col("rtos"), pl.col("items"), pl.col("payment_rate"), smoothing
            )
        )
        .select("payment_type", "delivery_state_code", "state_rate")
        .sort("payment_type", "delivery_state_code")
    )
    return BaselineRates(
        payment_rates=payment_rates, state_rates=state_rates, labelled_items=labelled.height
    )
