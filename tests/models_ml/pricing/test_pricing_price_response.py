"""No suggested price for a SKU whose elasticity is not clearly below zero, on simulated sales."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
import polars as pl
import pytest
from pricing_warehouse import RATE_CARD_SEED

from models_ml.pricing.demand import Elasticity
from models_ml.pricing.reasons import UNCLEAR_RESPONSE, unclear_reason_text
from models_ml.pricing.suggest import (
    SUGGESTION_COLUMNS,
    PricingParams,
    has_clear_price_response,
    suggest_prices,
)

AS_OF = datetime(2026, 6, 30, 12, tzinfo=UTC)
DAYS = 180
PRICE_FACTORS = (0.85, 0.92, 1.0, 1.08, 1.15)
# SKU: (category, true elasticity, units per day at the base price, base price in rupees).
SKUS = {
    "RISING": ("beauty", 1.0, 6.0, 400),
    "FALLING-1": ("toys", -2.5, 6.0, 500),
    "FALLING-2": ("toys", -2.2, 5.0, 700),
    "FALLING-3": ("toys", -2.8, 4.0, 300),
}
ITEM_SCHEMA = {
    "order_item_id": pl.String,
    "account_id": pl.String,
    "sku": pl.String,
    "category": pl.String,
    "ordered_at": pl.Datetime("us", "UTC"),
    "quantity": pl.Int32,
    "unit_price": pl.Decimal(18, 2),
    "selling_price": pl.Decimal(18, 2),
    "shipping_charge": pl.Decimal(18, 2),
    "payment_type": pl.String,
    "zone": pl.String,
    "outcome": pl.String,
    "gst_rate": pl.Decimal(5, 2),
    "unit_weight_g": pl.Decimal(18, 4),
    "cost_price": pl.Decimal(18, 2),
    "tier": pl.String,
    "fulfilment": pl.String,
}


def simulated_items(seed: int) -> pl.DataFrame:
    """Simulate one order item a day per SKU with that day's Poisson units at its price."""
    rng = np.random.default_rng(seed)
    first = AS_OF - timedelta(days=DAYS)
    rows = []
    for sku, (category, elasticity, level, base) in SKUS.items():
        factors = rng.choice(PRICE_FACTORS, size=DAYS // 15 + 1)
        for day in range(DAYS):
            factor = float(factors[day // 15])
            units = int(rng.poisson(level * factor**elasticity))
            if units == 0:
                continue
            price = Decimal(round(base * factor))
            rows.append(
                {
                    "order_item_id": f"{sku}-{day}",
                    "account_id": "a1",
                    "sku": sku,
                    "category": category,
                    "ordered_at": first + timedelta(days=day, hours=2),
                    "quantity": units,
                    "unit_price": price,
                    "selling_price": price * units,
                    "shipping_charge": Decimal("0.00"),
                    "payment_type": "PREPAID",
                    "zone": "local",
                    "outcome": "delivered",
                    "gst_rate": Decimal("18.00"),
                    "unit_weight_g": Decimal("300.0000"),
                    "cost_price": Decimal(base) * Decimal("0.40"),
                    "tier": "GOLD",
                    "fulfilment": "NON_FBF",
                }
            )
    return pl.DataFrame(rows, schema=ITEM_SCHEMA)


def listings(items: pl.DataFrame) -> pl.DataFrame:
    last = items.sort("ordered_at").group_by("sku").agg(pl.col("unit_price").last())
    return pl.DataFrame(
        {
            "account_id": ["a1"] * last.height,
            "sku": last["sku"],
            "selling_price": last["unit_price"],
            "mrp": last["unit_price"] * 2,
        },
        schema_overrides={"mrp": pl.Decimal(18, 2)},
    )


@pytest.fixture(scope="module")
def suggestions():
    items = simulated_items(seed=4)
    rate_card = pl.read_csv(RATE_CARD_SEED, infer_schema=False)
    return suggest_prices(items, listings(items), rate_card, as_of=AS_OF, seed=7)


def row_of(frame: pl.DataFrame, sku: str) -> dict:
    return frame.filter(pl.col("sku") == sku).row(0, named=True)


def test_rising_demand_gets_no_price(suggestions):
    row = row_of(suggestions.frame, "RISING")

    assert suggestions.elasticities["RISING"].elasticity > 0
    assert row["suggested_price"] is None
    assert row["expected_profit_change"] is None
    assert row["low"] is None
    assert row["high"] is None
    assert row["guardrail"] is None
    assert row["reason"].startswith(f"{UNCLEAR_RESPONSE}: elasticity ")


def test_rising_demand_row_kept(suggestions):
    frame = suggestions.frame
    row = row_of(frame, "RISING")

    assert tuple(frame.columns) == SUGGESTION_COLUMNS
    assert sorted(frame["sku"]) == sorted(SKUS)
    assert row["current_price"] is not None
    assert row["max_price"] == suggestions.limits["RISING"].high
    assert row["min_price"] == suggestions.limits["RISING"].margin_floor
    assert row["elasticity"] == suggestions.elasticities["RISING"].elasticity


@pytest.mark.parametrize("sku", ["FALLING-1", "FALLING-2", "FALLING-3"])
def test_falling_demand_gets_price(suggestions, sku):
    row = row_of(suggestions.frame, sku)

    assert suggestions.elasticities[sku].elasticity < 0
    assert row["suggested_price"] is not None
    assert row["expected_profit_change"] is not None
    assert not row["reason"].startswith(UNCLEAR_RESPONSE)


def test_version_counts_unclear_skus(suggestions):
    metrics = suggestions.version.metrics

    assert metrics["skus_suggested"] == 3
    assert metrics["skus_price_response_unclear"] == 1


def estimate(elasticity: float, standard_error: float) -> Elasticity:
    return Elasticity("SKU", "toys", elasticity, standard_error, "own", None, None, 1.0, 100, 5)


@pytest.mark.parametrize(
    ("elasticity", "standard_error", "clear"),
    [
        (-2.0, 0.5, True),  # below zero with probability 0.99997
        (-1.0, 0.78, True),  # 0.9001
        (-1.0, 0.79, False),  # 0.8972
        (-0.5, 0.5, False),
        (0.0, 0.01, False),
        (0.4, 0.1, False),
        (-3.0, 0.0, True),
        (0.0, 0.0, False),
    ],
)
def test_clear_price_response_cases(elasticity, standard_error, clear):
    confidence = PricingParams().negative_elasticity_confidence

    assert has_clear_price_response(estimate(elasticity, standard_error), confidence) is clear


@pytest.mark.parametrize("confidence", [0.0, 1.0, 90.0])
def test_clear_price_response_rejects_confidence(confidence):
    with pytest.raises(ValueError, match=f"Elasticity confidence {confidence} is invalid"):
        has_clear_price_response(estimate(-2.0, 0.5), confidence)


def test_unclear_reason_names_probability():
    text = unclear_reason_text(estimate(-0.5, 0.5), 0.90)

    assert text.startswith(f"{UNCLEAR_RESPONSE}: elasticity -0.50 (standard error 0.50)")
    assert "probability of 84%, under the 90% required" in text
