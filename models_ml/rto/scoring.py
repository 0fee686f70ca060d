"""Score open order items and summarize predicted RTO rates per SKU."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from scipy.stats import beta

from models_ml.rto.config import RtoConfig
from models_ml.rto.training import RtoTraining

ITEM_SCORE_COLUMNS = ("order_item_id", "rto_probability", "model_kind", "scored_at")
SKU_RATE_COLUMNS = ("sku", "predicted_rate", "low", "high", "orders", "observed_rate", "rank")
# Jeffreys prior: Beta(0.5, 0.5) added to the expected RTO and delivery counts.
JEFFREYS = 0.5


def score_open_items(training: RtoTraining) -> pl.DataFrame:
    """Return one row per item open at as_of: its RTO probability from features at order time.

    Columns are ITEM_SCORE_COLUMNS (the ml.rto_item_scores layout without account_id and
    model_version); scored_at is the training's as_of.
    """
    open_items = training.features.filter(pl.col("is_open"))
    return pl.DataFrame(
        {
            "order_item_id": open_items["order_item_id"],
            "rto_probability": training.predict(open_items),
            "model_kind": [training.kind] * open_items.height,
            "scored_at": [training.as_of] * open_items.height,
        },
        schema={
            "order_item_id": pl.String,
            "rto_probability": pl.Float64,
            "model_kind": pl.String,
            "scored_at": pl.Datetime("us", "UTC"),
        },
    )


def sku_rto_rates(training: RtoTraining, config: RtoConfig | None = None) -> pl.DataFrame:
    """Return each SKU's predicted RTO rate over its recent items, an interval and a rank.

    Recent items are the SKU's items ordered within `sku_window_days` before as_of and not
    cancelled by then. Columns (the ml.sku_rto_rates layout without account_id and
    model_version):

    - predicted_rate: mean predicted probability of the recent items, labelled or open.
    - low, high: the central `sku_interval_mass` of Beta(expected RTOs + 0.5, expected
      deliveries + 0.5), where expected RTOs is the sum of the probabilities. This is the
      range of RTO rates the SKU could show over that many orders.
    - orders: the number of recent items.
    - observed_rate: the RTO share of the recent items labelled by as_of, null when none is.
    - rank: 1 for the highest predicted_rate among SKUs with at least `sku_rank_min_items`
      recent items, null for SKUs with fewer.
    """
    config = config or RtoConfig()
    window_start = training.as_of - timedelta(days=config.sku_window_days)
    recent = training.features.filter(
        ~pl.col("is_cancelled")
        & (pl.col("ordered_at") > window_start)
        & pl.col("sku").is_not_null()
    )
    recent = recent.with_columns(rto_probability=pl.Series(training.predict(recent)))

    rates = (
        recent.group_by("sku")
        .agg(
            orders=pl.len(),
            expected_rtos=pl.col("rto_probability").sum(),
            observed_rate=pl.col("label").cast(pl.Float64).mean(),
        )
        .with_columns(predicted_rate=pl.col("expected_rtos") / pl.col("orders"))
        .sort("sku")
    )
    rates = add_interval(rates, config.sku_interval_mass)
    rates = add_rank(rates, config.sku_rank_min_items)
    return rates.select(SKU_RATE_COLUMNS).sort(pl.col("rank").is_null(), "rank", "sku")


def add_interval(rates: pl.DataFrame, mass: float) -> pl.DataFrame:
    """Add low and high: the central `mass` of Beta(expected RTOs + 0.5, rest + 0.5)."""
    successes = rates["expected_rtos"].to_numpy() + JEFFREYS
    failures = rates["orders"].to_numpy() - rates["expected_rtos"].to_numpy() + JEFFREYS
    tail = (1 - mass) / 2
    return rates.with_columns(
        low=pl.Series(beta.ppf(tail, successes, failures), dtype=pl.Float64),
        high=pl.Series(beta.ppf(1 - tail, successes, failures), dtype=pl.Float64),
    )


def add_rank(rates: pl.DataFrame, min_items: int) -> pl.DataFrame:
    """Rank SKUs with at least `min_items` items by predicted rate; ties by volume, then SKU."""
    ranked = (
        rates.filter(pl.col("orders") >= min_items)
        .sort(["predicted_rate", "orders", "sku"], descending=[True, True, False])
        .with_row_index("rank", offset=1)
        .select("sku", pl.col("rank").cast(pl.Int64))
    )
    return rates.join(ranked, on="sku", how="left", maintain_order="left")
