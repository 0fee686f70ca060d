"""Expected net profit of one ordered unit of a SKU at a candidate price.

Profit follows `marts.order_items.net_profit` through `fees.item_money`: the taxable value of
a kept sale less fees, GST on fees and cost of goods, and for an RTO or a customer return the
fees it still pays. An ordered unit ends cancelled, RTO, returned or kept, with the SKU's
rates. Its payment type and shipping zone follow the SKU's own order mix, because collection
fees and shipping differ by both.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

import polars as pl

from models_ml.pricing.fees import FeeCase, RateRule, item_money

# Prior weight, in orders, of the category's rate when smoothing a SKU's outcome rates.
RATE_PRIOR_ORDERS = 20
DECIDED_OUTCOMES = ("delivered", "rto", "customer_return")


@dataclass(frozen=True)
class OutcomeRates:
    """Shares of ordered units cancelled, of dispatched units RTO, of delivered units returned."""

    cancel: float
    rto: float
    customer_return: float

    def probabilities(self) -> dict[str, float]:
        """Return the probability of each final outcome of one ordered unit."""
        shipped = 1.0 - self.cancel
        return {
            "delivered": shipped * (1.0 - self.rto) * (1.0 - self.customer_return),
            "rto": shipped * self.rto,
            "customer_return": shipped * (1.0 - self.rto) * self.customer_return,
        }


@dataclass(frozen=True)
class SkuEconomics:
    """Everything but the price that a SKU's profit per unit depends on.

    `mix` contains (payment type, zone, share) of the SKU's orders. GST rate and the shipping
    charged to the buyer can change with the price (GST slabs, free shipping above a price),
    so both come from the SKU's sold prices: the rate or charge of the nearest price sold.
    """

    sku: str
    category: str
    tier: str
    fulfilment: str
    cost_price: Decimal
    unit_weight_g: Decimal
    on_date: date
    mix: tuple[tuple[str, str, float], ...]
    rates: OutcomeRates
    gst_points: tuple[tuple[Decimal, Decimal], ...]  # (unit price, GST rate), sorted
    shipping_points: tuple[tuple[str, Decimal, Decimal], ...]  # (zone, unit price, charge)


def nearest(points: list[tuple[Decimal, Decimal]], price: Decimal) -> Decimal:
    """Return the value at the price nearest to price; a tie takes the higher price's value."""
    prices = [point for point, _ in points]
    position = bisect_left(prices, price)
    if position == len(points):
        return points[-1][1]
    if position == 0 or prices[position] - price <= price - prices[position - 1]:
        return points[position][1]
    return points[position - 1][1]


class ProfitModel:
    """Expected profit per ordered unit and delivered-sale margin of one SKU, by price."""

    def __init__(self, rules: tuple[RateRule, ...], economics: SkuEconomics) -> None:
        self.economics = economics
        self._rules = tuple(
            rule
            for rule in rules
            if rule.effective_from <= economics.on_date
            and (rule.effective_to is None or economics.on_date <= rule.effective_to)
            and rule.category in ("*", economics.category)
            and rule.tier in ("*", economics.tier)
            and rule.fulfilment in ("*", economics.fulfilment)
        )
        # Each order mix entry gets only the rules of its payment type and zone, because fee
        # lookups scan the rules and dominate the cost of pricing.
        self._mix_rules = {
            (payment_type, zone): tuple(
                rule
                for rule in self._rules
                if rule.payment_type in ("*", payment_type) and rule.zone in ("*", zone)
            )
            for payment_type, zone, _ in economics.mix
        }
        self._gst = list(economics.gst_points)
        self._shipping = {
            zone: sorted(
                (price, charge)
                for point_zone, price, charge in economics.shipping_points
                if point_zone == zone
            )
            for zone in {zone for _, zone, _ in economics.mix}
        }
        self._cached_net_profit = lru_cache(maxsize=65536)(self._net_profit)
        self.unit_profit = lru_cache(maxsize=4096)(self._unit_profit)
        self.delivered_margin = lru_cache(maxsize=4096)(self._delivered_margin)

    def _net_profit(self, price: Decimal, payment_type: str, zone: str, outcome: str) -> Decimal:
        economics = self.economics
        shipping = self._shipping.get(zone)
        case = FeeCase(
            category=economics.category,
            tier=economics.tier,
            fulfilment=economics.fulfilment,
            payment_type=payment_type,
            zone=zone,
            quantity=1,
            selling_price=price,
            shipping_charge=nearest(shipping, price) if shipping else Decimal("0.00"),
            unit_weight_g=economics.unit_weight_g,
            order_date=economics.on_date,
            outcome=outcome,
            gst_rate=nearest(self._gst, price) if self._gst else Decimal("0"),
            cost_price=economics.cost_price,
        )
        rules = self._mix_rules.get((payment_type, zone), self._rules)
        return item_money(rules, case).net_profit

    def _unit_profit(self, price: Decimal) -> float:
        """Return the expected net profit of one ordered unit at price, in rupees."""
        probabilities = self.economics.rates.probabilities()
        total = 0.0
        for payment_type, zone, share in self.economics.mix:
            for outcome, probability in probabilities.items():
                total += (
                    share
                    * probability
                    * float(self._cached_net_profit(price, payment_type, zone, outcome))
                )
        return total

    def _delivered_margin(self, price: Decimal) -> float:
        """Return a delivered sale's net profit as a share of the price, over the order mix."""
        profit = sum(
            share * float(self._cached_net_profit(price, payment_type, zone, "delivered"))
            for payment_type, zone, share in self.economics.mix
        )
        return profit / float(price)


def outcome_rates(items: pl.DataFrame) -> dict[str, OutcomeRates]:
    """Return each SKU's outcome rates, smoothed toward its category's with RATE_PRIOR_ORDERS.

    items needs sku, category and outcome. Open items count only toward the cancel share,
    because their RTO or return is not known yet.
    """
    counted = items.with_columns(
        (pl.col("outcome") == "cancelled").cast(pl.Int64).alias("is_cancelled"),
        pl.col("outcome").is_in(DECIDED_OUTCOMES).cast(pl.Int64).alias("is_decided"),
        (pl.col("outcome") == "rto").cast(pl.Int64).alias("is_rto"),
        pl.col("outcome")
        .is_in(("delivered", "customer_return"))
        .cast(pl.Int64)
        .alias("is_delivered"),
        (pl.col("outcome") == "customer_return").cast(pl.Int64).alias("is_return"),
    )
    sums = [
        pl.len().alias("orders"),
        pl.col("is_cancelled").sum().alias("cancelled"),
        pl.col("is_decided").sum().alias("decided"),
        pl.col("is_rto").sum().alias("rto"),
        pl.col("is_delivered").sum().alias("delivered"),
        pl.col("is_return").sum().alias("returned"),
    ]
    seller = counted.select(sums).row(0, named=True)
    seller_rates = _raw_rates(seller, None)
    categories = {
        row["category"]: _raw_rates(row, seller_rates)
        for row in counted.group_by("category").agg(sums).iter_rows(named=True)
    }
    result = {}
    for row in counted.group_by("sku", "category").agg(sums).iter_rows(named=True):
        prior = categories.get(row["category"], seller_rates)
        result[row["sku"]] = OutcomeRates(
            cancel=_smoothed(row["cancelled"], row["orders"], prior.cancel),
            rto=_smoothed(row["rto"], row["decided"], prior.rto),
            customer_return=_smoothed(row["returned"], row["delivered"], prior.customer_return),
        )
    return result


def _raw_rates(row: dict, prior: OutcomeRates | None) -> OutcomeRates:
    if prior is None:
        prior = OutcomeRates(0.0, 0.0, 0.0)
        weight = 0
    else:
        weight = RATE_PRIOR_ORDERS
    return OutcomeRates(
        cancel=_smoothed(row["cancelled"], row["orders"], prior.cancel, weight),
        rto=_smoothed(row["rto"], row["decided"], prior.rto, weight),
        customer_return=_smoothed(row["returned"], row["delivered"], prior.customer_return, weight),
    )


def _smoothed(events: int, trials: int, prior: float, weight: int = RATE_PRIOR_ORDERS) -> float:
    if trials + weight == 0:
        return prior
    return (events + weight * prior) / (trials + weight)
