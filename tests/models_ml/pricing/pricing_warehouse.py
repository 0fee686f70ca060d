"""The price model's frames of the shared sandbox warehouse, and the rate card seed."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
from shared_sandbox import SharedWarehouse

from models_ml.frames import pricing_frames
from models_ml.pricing.fees import RateRule, parse_rate_card

REPO_ROOT = Path(__file__).resolve().parents[3]
RATE_CARD_SEED = REPO_ROOT / "dbt_project" / "seeds" / "rate_card.csv"


@dataclass(frozen=True)
class PricingWarehouse:
    """The built warehouse file, its pricing frames and the seller's sandbox truth."""

    path: Path
    items: pl.DataFrame
    listings: pl.DataFrame
    rate_card: pl.DataFrame
    seller_truth: dict
    as_of: datetime


def load_pricing_warehouse(shared: SharedWarehouse) -> PricingWarehouse:
    """Load the pricing frames of the shared warehouse's seller account."""
    connection = duckdb.connect(str(shared.path), read_only=True)
    try:
        frames = pricing_frames(connection, shared.account_id)
    finally:
        connection.close()
    return PricingWarehouse(
        path=shared.path,
        items=frames["items"],
        listings=frames["listings"],
        rate_card=frames["rate_card"],
        seller_truth=shared.seller_truth,
        as_of=datetime.fromisoformat(shared.truth["now"]),
    )


def seed_rate_card() -> tuple[RateRule, ...]:
    """Return the rate card seed's rules, read from the CSV file."""
    with RATE_CARD_SEED.open(newline="", encoding="utf-8") as handle:
        return parse_rate_card(list(csv.DictReader(handle)))
