"""The simulator's true expected profit of a SKU at a price, from the sandbox's ground truth.

Everything here but the guardrail limits comes from the truth or the sandbox's own code,
never from the model. It uses the true elasticity and base price, the cost price, fees from
the sandbox's independent fee oracle, the GST and buyer shipping rules the simulator applies,
and the SKU's true RTO and return probabilities.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ingestion.sandbox.simulation.categories import CATEGORY_BY_KEY, gst_rate
from ingestion.sandbox.simulation.fees import (
    FeeInput,
    chargeable_weight_g,
    compute_fees,
    load_rate_card,
)
from ingestion.sandbox.simulation.orders import CHEAP_ITEM_LIMIT, SHIPPING_FEES
from models_ml.pricing.guardrails import MIN_MARGIN_SHARE, PriceLimits, step_range

PAISE = Decimal("0.01")
KEPT = ("delivered",)


@dataclass(frozen=True)
class TrueSku:
    """One SKU's true demand and profit inputs."""

    sku: str
    entry: dict
    tier: str
    on_date: date
    mix: tuple[tuple[str, str, float], ...]
    cancel: float
    rto: float
    customer_return: float
    demand_scale: float  # expected units per day at the base price


class TrueProfit:
    """Expected profit per day of SKUs under the simulator's truth."""

    def __init__(self, seller_truth: dict, as_of: datetime, window_days: int) -> None:
        self.card = load_rate_card()
        self.truth = seller_truth
        self.as_of = as_of
        self.window_start = as_of - timedelta(days=window_days)
        self.skus = {sku: self._true_sku(sku) for sku in seller_truth["skus"]}

    def _true_sku(self, sku: str) -> TrueSku | None:
        entry = self.truth["skus"][sku]
        items = [
            item
            for item in self.truth["orderItems"].values()
            if item["sku"] == sku
            and self.window_start <= datetime.fromisoformat(item["orderDate"]) < self.as_of
        ]
        if not items:
            return None
        counts: dict[tuple[str, str], int] = {}
        for item in items:
            key = (item["paymentType"], item["zone"])
            counts[key] = counts.get(key, 0) + item["quantity"]
        units = sum(counts.values())
        shipped = [item for item in items if item["outcome"] != "cancelled"]
        return TrueSku(
            sku=sku,
            entry=entry,
            tier=self.truth["tier"],
            on_date=self.as_of.date(),
            mix=tuple((payment, zone, count / units) for (payment, zone), count in counts.items()),
            cancel=1 - len(shipped) / len(items),
            rto=sum(item["rtoProbability"] for item in shipped) / max(len(shipped), 1),
            customer_return=sum(item["returnProbability"] for item in shipped)
            / max(len(shipped), 1),
            demand_scale=units / self._base_exposure(entry),
        )

    def _base_exposure(self, entry: dict) -> float:
        """Return the sum over the window's days of the true demand multiplier of the day."""
        steps = [(datetime.fromisoformat(moment), price) for moment, price in entry["priceHistory"]]
        total = 0.0
        day = self.window_start
        while day < self.as_of:
            prices = [price for moment, price in steps if moment <= day] or [steps[0][1]]
            total += (prices[-1] / entry["basePrice"]) ** entry["elasticity"]
            day += timedelta(days=1)
        return total

    def _net_profit(self, sku: TrueSku, price: Decimal, payment: str, zone: str, outcome: str):
        entry = sku.entry
        kind = next(
            kind for kind in CATEGORY_BY_KEY[entry["category"]].kinds if kind.hsn == entry["hsn"]
        )
        shipping = Decimal(SHIPPING_FEES[zone] if price < CHEAP_ITEM_LIMIT else 0)
        fees = compute_fees(
            self.card,
            FeeInput(
                category=entry["category"],
                tier=sku.tier,
                fulfilment="NON_FBF",
                payment_type=payment,
                zone=zone,
                unit_price=price,
                quantity=1,
                shipping_charge=shipping,
                unit_weight_g=chargeable_weight_g(entry["weightG"], *entry["sizeCm"]),
                order_date=sku.on_date,
                outcome=outcome,
            ),
        )
        rate = Decimal(gst_rate(kind, float(price)))
        taxable = ((price + shipping) * 100 / (100 + rate)).quantize(PAISE, ROUND_HALF_UP)
        if outcome in KEPT:
            return taxable - fees["total"] - Decimal(entry["costPrice"])
        return -fees["total"]

    def unit_profit(self, sku: TrueSku, price: Decimal) -> float:
        """Return the true expected profit of one ordered unit at price."""
        shipped = 1 - sku.cancel
        outcomes = {
            "delivered": shipped * (1 - sku.rto) * (1 - sku.customer_return),
            "rto": shipped * sku.rto,
            "customer_return": shipped * (1 - sku.rto) * sku.customer_return,
        }
        return sum(
            share * probability * float(self._net_profit(sku, price, payment, zone, outcome))
            for payment, zone, share in sku.mix
            for outcome, probability in outcomes.items()
        )

    def daily_profit(self, sku: TrueSku, price: Decimal) -> float:
        """Return the true expected profit per day at price."""
        entry = sku.entry
        demand = sku.demand_scale * (float(price) / entry["basePrice"]) ** entry["elasticity"]
        return demand * self.unit_profit(sku, price)

    def limits(self, sku: TrueSku, current: Decimal, mrp: Decimal | None) -> PriceLimits:
        """Return the guardrails of the SKU with the true delivered-sale margin."""
        low, high_step = step_range(current)
        high = high_step if mrp is None else min(high_step, mrp)
        floor = None
        price = high
        while price >= low and self._margin(sku, price) >= float(MIN_MARGIN_SHARE):
            floor = price
            price -= 1
        return PriceLimits(current, low, high_step, mrp, floor)

    def _margin(self, sku: TrueSku, price: Decimal) -> float:
        profit = sum(
            share * float(self._net_profit(sku, price, payment, zone, "delivered"))
            for payment, zone, share in sku.mix
        )
        return profit / float(price)

    def best_price(self, sku: TrueSku, limits: PriceLimits, candidates: list[Decimal]) -> Decimal:
        """Return the candidate allowed by limits with the highest true profit per day."""
        if limits.margin_floor is None:
            return limits.high
        allowed = [price for price in candidates if limits.margin_floor <= price <= limits.high]
        if not allowed:
            return limits.high
        return max(allowed, key=lambda price: self.daily_profit(sku, price))


def captured_share(gains: list[tuple[float, float]]) -> float:
    """Return the sum of suggested gains over the sum of optimal gains."""
    optimal = sum(best for _, best in gains)
    return math.nan if optimal <= 0 else sum(suggested for suggested, _ in gains) / optimal
