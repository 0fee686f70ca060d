"""Demand: daily volume with weekly seasonality and trend, the hour-of-day profile, SKU choice."""

import math
import random
from bisect import bisect_right
from datetime import datetime
from itertools import accumulate

from .catalogue import Product
from .config import IST

DAY = 86400.0
HOUR = 3600.0

# Monday..Sunday with a weekend peak. The mean is 1.0, so orders_per_day stays the weekly mean.
WEEKDAY_FACTORS = (0.93, 0.89, 0.91, 0.96, 1.03, 1.13, 1.15)

# Share of a day's orders per IST hour: quiet nights, a late-morning rise and an evening peak.
_HOUR_WEIGHTS = (
    0.6,
    0.35,
    0.2,
    0.15,
    0.15,
    0.25,
    0.6,
    1.2,
    2.2,
    3.4,
    4.6,
    5.4,
    5.8,
    5.6,
    5.2,
    5.0,
    5.0,
    5.2,
    5.6,
    6.4,
    7.2,
    7.4,
    6.6,
    4.0,
)
HOUR_SHARES = tuple(weight / sum(_HOUR_WEIGHTS) for weight in _HOUR_WEIGHTS)

TREND_PER_YEAR = 0.15  # slow growth: volume rises 15 % a year


def day_factor(moment: float, start: float) -> float:
    """Return the weekly-seasonality times trend factor of the IST day containing moment."""
    weekday = datetime.fromtimestamp(moment, IST).weekday()
    trend = 1.0 + TREND_PER_YEAR * (moment - start) / (365.0 * DAY)
    return WEEKDAY_FACTORS[weekday] * max(trend, 0.2)


def ist_hour(moment: float) -> int:
    """Return the IST hour of day (0-23) of an epoch moment."""
    return datetime.fromtimestamp(moment, IST).hour


class SkuPicker:
    """Draws SKUs in proportion to popularity times the true price response at given prices."""

    def __init__(self, products: list[Product], prices: list[int]) -> None:
        self.products: list[Product] = []
        weights: list[float] = []
        base_total = 0.0
        for product, price in zip(products, prices, strict=True):
            if product.listing_status != "ACTIVE":
                continue
            base_total += product.popularity
            weights.append(product.popularity * (price / product.base_price) ** product.elasticity)
            self.products.append(product)
        self._cumulative = list(accumulate(weights))
        total = self._cumulative[-1] if self._cumulative else 0.0
        # Expected orders scale with demand relative to everything listed at base price.
        self.demand_ratio = total / base_total if base_total else 0.0

    def pick(self, rng: random.Random) -> Product:
        point = rng.random() * self._cumulative[-1]
        return self.products[bisect_right(self._cumulative, point)]


def poisson(rng: random.Random, mean: float) -> int:
    """Draw a Poisson count: exact for small means, normal approximation above 30."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit = math.exp(-mean)
    count = 0
    product = rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
