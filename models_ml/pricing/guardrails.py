"""Price guardrails: the limits every suggested or accepted price must respect.

The price model searches only inside these limits, and the service that pushes an accepted
price checks the same function, so a price the model could not suggest is never sent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

# A price may move at most this share of the current price in one step.
MAX_STEP_SHARE = Decimal("0.10")
# Net profit of a delivered sale must stay at least this share of the selling price.
MIN_MARGIN_SHARE = Decimal("0.10")

MAX_STEP = "max_step"
MRP = "mrp"
MIN_MARGIN = "min_margin"
GUARDRAILS = (MAX_STEP, MRP, MIN_MARGIN)


@dataclass(frozen=True)
class PriceLimits:
    """The whole-rupee price range one step may reach from `current_price`.

    `margin_floor` is the lowest price from which every price up to `high` keeps a delivered
    sale's margin at MIN_MARGIN_SHARE or more, or None when even `high` falls short. Fees jump
    at price slabs, so margin is not monotone in price and a price below the floor may still
    reach the margin. The floor is the conservative test. `mrp` is None when it is unknown.
    """

    current_price: Decimal
    step_low: Decimal
    step_high: Decimal
    mrp: Decimal | None
    margin_floor: Decimal | None

    def __post_init__(self) -> None:
        # A NaN limit would make the comparisons of broken_guardrail raise InvalidOperation.
        for name in ("current_price", "step_low", "step_high", "mrp", "margin_floor"):
            value = getattr(self, name)
            if value is None and name in ("mrp", "margin_floor"):
                continue
            if not isinstance(value, Decimal) or not value.is_finite():
                raise ValueError(f"Price limit {name}={value!r} is invalid; pass a finite Decimal.")

    @property
    def high(self) -> Decimal:
        """Return the highest price allowed by the step limit and the MRP."""
        return self.step_high if self.mrp is None else min(self.step_high, self.mrp)


def step_range(current_price: Decimal) -> tuple[Decimal, Decimal]:
    """Return the lowest and highest whole-rupee prices within one step of current_price."""
    if not current_price.is_finite() or current_price <= 0:
        raise ValueError(
            f"Current price {current_price} is invalid; pass the listed selling price (> 0)."
        )
    low = Decimal(math.ceil(current_price * (1 - MAX_STEP_SHARE)))
    high = Decimal(math.floor(current_price * (1 + MAX_STEP_SHARE)))
    return low, high


def broken_guardrail(price: Decimal, limits: PriceLimits) -> str | None:
    """Return the first guardrail that price breaks (max_step, mrp, min_margin), or None.

    When no price within the step limit reaches the minimum margin (margin_floor is None), the
    highest allowed price is accepted, because it moves the margin as far toward the minimum
    as one step can.
    """
    if not limits.step_low <= price <= limits.step_high:
        return MAX_STEP
    if limits.mrp is not None and price > limits.mrp:
        return MRP
    if limits.margin_floor is None:
        return None if price == limits.high else MIN_MARGIN
    if price < limits.margin_floor:
        return MIN_MARGIN
    return None
