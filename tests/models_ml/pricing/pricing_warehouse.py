"""A sandbox seller synced and built into a warehouse, and the price model's frames from it."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from ingestion.sandbox.server.runner import SandboxServer
from models_ml.frames import pricing_frames
from models_ml.pricing.fees import RateRule, parse_rate_card

REPO_ROOT = Path(__file__).resolve().parents[3]
RATE_CARD_SEED = REPO_ROOT / "dbt_project" / "seeds" / "rate_card.csv"
# Six months of history at 40 orders a day: every SKU's price changes every 10-35 days, so
# the busier SKUs sell at five or more prices.
SANDBOX = {"seed": 11, "sellers": 1, "orders_per_day": 40, "history_days": 180, "speed": 0}


@dataclass(frozen=True)
class PricingWarehouse:
    """The built warehouse file, its pricing frames and the seller's sandbox truth."""

    path: Path
    items: pl.DataFrame
    listings: pl.DataFrame
    rate_card: pl.DataFrame
    seller_truth: dict
    as_of: datetime


def build_pricing_warehouse(directory: Path) -> PricingWarehouse:
    """Sync the sandbox seller, build the dbt project and load the pricing frames."""
    from dbt_runner import run_dbt
    from sandbox_warehouse import sync_first_seller

    path = directory / "seller.duckdb"
    with SandboxServer(**SANDBOX) as server:
        account_id, truth = sync_first_seller(server, path)
    run_dbt(["build"], path, directory / "target")

    connection = duckdb.connect(str(path), read_only=True)
    try:
        frames = pricing_frames(connection)
    finally:
        connection.close()
    return PricingWarehouse(
        path=path,
        items=frames["items"],
        listings=frames["listings"],
        rate_card=frames["rate_card"],
        seller_truth=truth["sellers"][account_id],
        as_of=datetime.fromisoformat(truth["now"]),
    )


def seed_rate_card() -> tuple[RateRule, ...]:
    """Return the rate card seed's rules, read from the CSV file."""
    with RATE_CARD_SEED.open(newline="", encoding="utf-8") as handle:
        return parse_rate_card(list(csv.DictReader(handle)))
