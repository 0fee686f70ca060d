"""The price search of one SKU: its guardrail limits and the most profitable allowed price.

Candidates are retail price points (whole rupees ending in 9, plus the current price) within
one step of the current price, at or below the MRP and at or above the margin floor. Expected
profit per day is demand at the current price x (price / current) ^ elasticity x expected
profit per ordered unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from models_ml.pricing.guardrails import (
    MAX_STEP,
    MIN_MARGIN,
    MIN_MARGIN_SHARE,
    MRP,
    PriceLimits,
    step_range,
)
from models_ml.pricing.profit import ProfitModel

# The search without guardrails, used only to name the guardrail that binds.
UNBOUNDED_SHARE = 0.3
# Profit differences below this many rupees per day count as ties.
TIE_RUPEES = 1e-6


@dataclass(frozen=True)
class PriceChoice:
    """The chosen price of one SKU, its limits and its expected profit per day."""

    price: Decimal
    current_price: Decimal
    limits: PriceLimits
    guardrail: str | None
    demand: float  # expected units per day at the current price
    elasticity: float
    change: float  # expected profit per day at price minus at the current price


def price_limits(model: ProfitModel, current_price: Decimal, mrp: Decimal | None) -> PriceLimits:
    """Return the step range, MRP and margin floor of a SKU at its current price."""
    step_low, step_high = step_range(current_price)
    high = step_high if mrp is None else min(step_high, mrp)
    floor = None
    price = high
    while price >= step_low and model.delivered_margin(price) >= float(MIN_MARGIN_SHARE):
        floor = price
        price -= 1
    return PriceLimits(current_price, step_low, step_high, mrp, floor)


def candidate_prices(low: Decimal, high: Decimal, current: Decimal) -> list[Decimal]:
    """Return retail price points (whole rupees ending in 9) in [low, high], and current."""
    first = low + (9 - low % 10) % 10
    points = [Decimal(value) for value in range(int(first), int(high) + 1, 10)]
    if low <= current <= high and current == current.to_integral_value():
        points.append(current)
    return sorted(set(points))


def choose_price(
    model: ProfitModel,
    current_price: Decimal,
    mrp: Decimal | None,
    elasticity: float,
    demand: float,
) -> PriceChoice:
    """Return the allowed price with the highest expected profit per day, and what bound it."""
    limits = price_limits(model, current_price, mrp)

    def profit(price: Decimal) -> float:
        return demand * (float(price / current_price) ** elasticity) * model.unit_profit(price)

    if limits.margin_floor is None:
        allowed = [limits.high]
    else:
        allowed = candidate_prices(limits.margin_floor, limits.high, current_price)
        allowed = allowed or [limits.high]
    best = max(allowed, key=lambda price: (profit(price), -abs(price - current_price)))

    guardrail = None
    unbounded = candidate_prices(
        Decimal(max(1, math.ceil(current_price * Decimal(1 - UNBOUNDED_SHARE)))),
        Decimal(math.floor(current_price * Decimal(1 + UNBOUNDED_SHARE))),
        current_price,
    )
    free_best = max(unbounded, key=profit)
    if limits.margin_floor is None:
        guardrail = MIN_MARGIN
    elif profit(free_best) > profit(best) + TIE_RUPEES:
        if not limits.step_low <= free_best <= limits.step_high:
            guardrail = MAX_STEP
        elif mrp is not None and free_best > mrp:
            guardrail = MRP
        else:
            guardrail = MIN_MARGIN

    change = profit(best) - profit(current_price)
    return PriceChoice(best, current_price, limits, guardrail, demand, elasticity, change)
