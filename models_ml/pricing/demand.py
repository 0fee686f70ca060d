"""Demand response per SKU: a constant price elasticity from the SKU's own daily sales.

Each SKU's daily units follow a Poisson law with log mean = a + elasticity x log(price) +
the seller's day effect, where the day effect (weekday and linear trend, fitted once on the
seller's total units) carries the seasonality every SKU shares. The price of a day is the unit
price of that day's orders. A day without orders keeps the last price seen, because the
warehouse keeps no listing price history. Days without orders count as zero units.

A SKU with a thin history (few units or few distinct prices) gets its category's pooled
elasticity. Every other SKU's own estimate is shrunk toward that pool by empirical Bayes: the
prior is the category's precision-weighted mean with the between-SKU variance tau^2 estimated
by the method of moments, and the weight on the SKU's own estimate is
(tau^2 + var_pool) / (tau^2 + var_pool + se^2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import NormalDist
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

IST = ZoneInfo("Asia/Kolkata")

# A SKU's own estimate is used only with at least this much history.
MIN_UNITS = 30
MIN_DISTINCT_PRICES = 3
# Below this weight on its own estimate, a SKU's elasticity is labelled 'pooled'.
OWN_WEIGHT_MIN = 0.5
# Floor and fallback of the between-SKU variance of elasticities. NOTE: the fallback, used
# when fewer than 3 SKUs have their own estimate, is a judgement, not an estimate.
TAU2_MIN = 0.01
TAU2_FALLBACK = 0.25
MIN_SKUS_FOR_TAU2 = 3
# The day effect of the last days before as_of sets the demand level of a suggestion.
RECENT_DAYS = 28
_MAX_ITERATIONS = 50
_TOLERANCE = 1e-9


class NotEnoughPriceHistory(ValueError):
    """Raised when no SKU has enough units at enough prices to estimate an elasticity.

    A new seller normally has a thin history, so callers catch this to skip the run. Other
    ValueErrors of the price model mean bad input.
    """


@dataclass(frozen=True)
class PoissonFit:
    """Coefficients of a Poisson log-linear fit and their covariance (inverse information)."""

    coefficients: np.ndarray
    covariance: np.ndarray


@dataclass(frozen=True)
class Elasticity:
    """A SKU's elasticity as used for pricing, with its own estimate and the pooling weight."""

    sku: str
    category: str
    elasticity: float
    standard_error: float
    source: str  # own | pooled | category
    own_elasticity: float | None
    own_standard_error: float | None
    own_weight: float
    units: int
    distinct_prices: int

    def probability_negative(self) -> float:
        """Return the probability that the elasticity is below zero, under a normal approximation.

        The estimate and its standard error are treated as the mean and spread of a normal law.
        """
        if self.standard_error <= 0:
            return 1.0 if self.elasticity < 0 else 0.0
        return NormalDist(self.elasticity, self.standard_error).cdf(0.0)


def fit_poisson(features: np.ndarray, counts: np.ndarray, offset: np.ndarray) -> PoissonFit:
    """Fit log E[count] = features @ beta + offset by Newton-Raphson (IRLS).

    The first column of features must be the intercept. Raises ValueError when the counts
    are all zero or the features are collinear, since no finite fit exists then.
    """
    if counts.sum() <= 0:
        raise ValueError("All counts are zero, so no Poisson fit exists; pass days with sales.")
    beta = np.zeros(features.shape[1])
    beta[0] = math.log(counts.mean()) - float(offset.mean())
    for _ in range(_MAX_ITERATIONS):
        mean = np.exp(np.clip(features @ beta + offset, -30.0, 30.0))
        gradient = features.T @ (counts - mean)
        information = features.T @ (features * mean[:, None])
        try:
            step = np.linalg.solve(information, gradient)
        except np.linalg.LinAlgError as error:
            raise ValueError(f"Poisson fit failed, the features are collinear: {error}") from None
        beta = beta + step
        if np.max(np.abs(step)) < _TOLERANCE:
            break
    mean = np.exp(np.clip(features @ beta + offset, -30.0, 30.0))
    information = features.T @ (features * mean[:, None])
    return PoissonFit(beta, np.linalg.pinv(information))


def daily_sales(items: pl.DataFrame, as_of: datetime, window_days: int) -> pl.DataFrame:
    """Return one row per SKU and IST day of the window: units ordered and the price in force.

    items needs sku, ordered_at (aware), quantity and unit_price. The window is the
    window_days IST days before as_of's day; cancelled orders count, because they were demand.
    """
    last_day = as_of.astimezone(IST).date() - timedelta(days=1)
    first_day = last_day - timedelta(days=window_days - 1)
    orders = (
        items.with_columns(
            pl.col("ordered_at").dt.convert_time_zone("Asia/Kolkata").dt.date().alias("day")
        )
        .filter(pl.col("day").is_between(first_day, last_day))
        .group_by("sku", "day")
        .agg(
            pl.col("quantity").sum().alias("units"),
            # The most frequent unit price of the day; a price change within the day keeps
            # the price most orders paid.
            pl.col("unit_price").cast(pl.Float64).mode().max().alias("price"),
        )
    )
    days = pl.DataFrame({"day": pl.date_range(first_day, last_day, "1d", eager=True)})
    skus = orders.select("sku").unique()
    return (
        skus.join(days, how="cross")
        .join(orders, on=["sku", "day"], how="left")
        .sort("sku", "day")
        .with_columns(
            pl.col("units").fill_null(0),
            pl.col("price").forward_fill().backward_fill().over("sku"),
        )
    )


def day_effects(daily: pl.DataFrame) -> pl.DataFrame:
    """Return each day's log demand factor shared by all SKUs: weekday effects and a trend.

    Fitted on the seller's total units per day, centred so the mean factor over the window is
    zero on the log scale.
    """
    totals = daily.group_by("day").agg(pl.col("units").sum()).sort("day")
    features = _day_features(totals["day"])
    fit = fit_poisson(features, totals["units"].to_numpy().astype(float), np.zeros(totals.height))
    effect = features[:, 1:] @ fit.coefficients[1:]
    return totals.select("day").with_columns(
        pl.Series("day_effect", effect - effect.mean(), dtype=pl.Float64)
    )


def _day_features(days: pl.Series) -> np.ndarray:
    weekday = days.dt.weekday().to_numpy()  # 1 = Monday .. 7 = Sunday
    ordinal = np.array([(day - days[0]).days for day in days.to_list()], dtype=float)
    columns = [np.ones(len(days))]
    columns += [(weekday == number).astype(float) for number in range(2, 8)]
    columns.append(ordinal / 365.0)
    return np.column_stack(columns)


def own_elasticity(series: pl.DataFrame) -> tuple[float, float]:
    """Return a SKU's elasticity and standard error from its daily units, price and day effect."""
    log_price = np.log(series["price"].to_numpy())
    features = np.column_stack([np.ones(series.height), log_price - log_price.mean()])
    fit = fit_poisson(
        features, series["units"].to_numpy().astype(float), series["day_effect"].to_numpy()
    )
    return float(fit.coefficients[1]), float(math.sqrt(fit.covariance[1, 1]))


def estimate_elasticities(daily: pl.DataFrame, categories: dict[str, str]) -> list[Elasticity]:
    """Return every SKU's elasticity: its own estimate shrunk toward its category's pool.

    daily needs sku, day, units, price and day_effect; categories maps SKU to category. A
    category without any SKU of sufficient history borrows the pool of all SKUs. Raises
    NotEnoughPriceHistory when no SKU has enough history to estimate any elasticity.
    """
    own: dict[str, tuple[float, float]] = {}
    history: dict[str, tuple[int, int]] = {}
    for (sku,), series in daily.group_by("sku"):
        units = int(series["units"].sum())
        distinct = series.filter(pl.col("units") > 0)["price"].n_unique()
        history[str(sku)] = (units, distinct)
        if units >= MIN_UNITS and distinct >= MIN_DISTINCT_PRICES:
            elasticity, error = own_elasticity(series)
            if math.isfinite(elasticity) and math.isfinite(error) and error > 0:
                own[str(sku)] = (elasticity, error)
    if not own:
        raise NotEnoughPriceHistory(
            f"No SKU has {MIN_UNITS} units at {MIN_DISTINCT_PRICES} or more prices in the "
            "window, so no elasticity can be estimated; widen the window or wait for sales."
        )

    tau2 = between_sku_variance(list(own.values()))
    seller_pool = _pool(list(own.values()), tau2)
    pools = {
        category: _pool([own[sku] for sku in own if categories.get(sku) == category], tau2)
        or seller_pool
        for category in set(categories.values())
    }

    estimates = []
    for sku in sorted(history):
        category = categories.get(sku, "")
        prior_mean, prior_variance = pools.get(category) or seller_pool
        units, distinct = history[sku]
        if sku not in own:
            estimates.append(
                Elasticity(
                    sku,
                    category,
                    prior_mean,
                    math.sqrt(prior_variance + tau2),
                    "category",
                    None,
                    None,
                    0.0,
                    units,
                    distinct,
                )
            )
            continue
        elasticity, error = own[sku]
        spread = tau2 + prior_variance
        weight = spread / (spread + error**2)
        estimates.append(
            Elasticity(
                sku=sku,
                category=category,
                elasticity=weight * elasticity + (1 - weight) * prior_mean,
                standard_error=math.sqrt(weight) * error,
                source="own" if weight >= OWN_WEIGHT_MIN else "pooled",
                own_elasticity=elasticity,
                own_standard_error=error,
                own_weight=weight,
                units=units,
                distinct_prices=distinct,
            )
        )
    return estimates


def between_sku_variance(estimates: list[tuple[float, float]]) -> float:
    """Return tau^2, the variance of true elasticities across SKUs (method of moments)."""
    if len(estimates) < MIN_SKUS_FOR_TAU2:
        return TAU2_FALLBACK
    values = np.array([value for value, _ in estimates])
    errors = np.array([error for _, error in estimates])
    return max(TAU2_MIN, float(values.var(ddof=1) - np.mean(errors**2)))


def _pool(estimates: list[tuple[float, float]], tau2: float) -> tuple[float, float] | None:
    """Return the precision-weighted mean of estimates and its variance, or None if empty."""
    if not estimates:
        return None
    weights = np.array([1.0 / (error**2 + tau2) for _, error in estimates])
    values = np.array([value for value, _ in estimates])
    return float(weights @ values / weights.sum()), float(1.0 / weights.sum())


def demand_level(series: pl.DataFrame, elasticity: float, price: float, as_of_day: date) -> float:
    """Return expected units per day at price over the recent days, given the elasticity.

    The intercept is refitted with the elasticity held fixed (its Poisson maximum likelihood
    value), so a shrunk elasticity still reproduces the SKU's total units over the window.
    """
    log_price = np.log(series["price"].to_numpy())
    centre = log_price.mean()
    effects = series["day_effect"].to_numpy()
    expected = np.exp(elasticity * (log_price - centre) + effects)
    intercept = math.log(max(float(series["units"].sum()), 0.5) / float(expected.sum()))
    recent = series.filter(pl.col("day") >= as_of_day - timedelta(days=RECENT_DAYS))
    recent_effect = (
        float(np.mean(np.exp(recent["day_effect"].to_numpy()))) if recent.height else 1.0
    )
    return math.exp(intercept + elasticity * (math.log(price) - centre)) * recent_effect
