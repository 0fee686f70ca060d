"""One call that trains the RTO scorer and returns every output the pipeline writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from models_ml.registry import ModelVersion
from models_ml.rto.config import RtoConfig
from models_ml.rto.scoring import score_open_items, sku_rto_rates
from models_ml.rto.training import RtoTraining, train_rto


@dataclass(frozen=True)
class RtoResult:
    """The model version record and the frames for ml.rto_item_scores and ml.sku_rto_rates."""

    version: ModelVersion
    item_scores: pl.DataFrame
    sku_rates: pl.DataFrame
    training: RtoTraining


def run_rto(
    items: pl.DataFrame, as_of: datetime, seed: int, config: RtoConfig | None = None
) -> RtoResult:
    """Train on one account's order items as of `as_of`, score its open items, rate its SKUs."""
    config = config or RtoConfig()
    training = train_rto(items, as_of, seed, config)
    return RtoResult(
        version=training.version,
        item_scores=score_open_items(training),
        sku_rates=sku_rto_rates(training, config),
        training=training,
    )
