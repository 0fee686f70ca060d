"""The Poisson fit and the pooling of elasticities on simulated daily sales."""

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from models_ml.pricing.demand import (
    MIN_UNITS,
    NotEnoughPriceHistory,
    estimate_elasticities,
    fit_poisson,
)

DAYS = 360


def test_poisson_fit_recovers_coefficients():
    rng = np.random.default_rng(3)
    log_price = rng.normal(0.0, 0.1, 20_000)
    counts = rng.poisson(np.exp(1.0 - 2.0 * log_price))
    features = np.column_stack([np.ones(log_price.size), log_price])

    fit = fit_poisson(features, counts.astype(float), np.zeros(log_price.size))

    error = np.sqrt(np.diag(fit.covariance))
    assert abs(fit.coefficients[0] - 1.0) < 4 * error[0]
    assert abs(fit.coefficients[1] + 2.0) < 4 * error[1]
    assert error[1] < 0.05


def test_poisson_fit_rejects_zero_counts():
    with pytest.raises(ValueError, match="All counts are zero"):
        fit_poisson(np.ones((5, 1)), np.zeros(5), np.zeros(5))


def daily_frame(skus: dict[str, tuple[float, float]], seed: int) -> pl.DataFrame:
    """Simulate daily units of SKUs given (elasticity, units per day at price 100)."""
    rng = np.random.default_rng(seed)
    rows = []
    for sku, (elasticity, level) in skus.items():
        prices = rng.choice([85.0, 92.0, 100.0, 108.0, 115.0], size=DAYS // 30 + 1)
        for day in range(DAYS):
            price = float(prices[day // 30])
            units = int(rng.poisson(level * (price / 100.0) ** elasticity))
            rows.append((sku, date(2026, 1, 1) + timedelta(days=day), units, price, 0.0))
    return pl.DataFrame(rows, schema=["sku", "day", "units", "price", "day_effect"], orient="row")


def test_elasticity_sources_follow_history():
    skus = {
        "BUSY": (-2.5, 30.0),
        "STEADY-1": (-1.8, 3.0),
        "STEADY-2": (-2.2, 3.0),
        "STEADY-3": (-2.0, 3.0),
        "THIN": (-2.0, 0.05),
    }
    daily = daily_frame(skus, seed=5)
    categories = dict.fromkeys(skus, "toys")

    estimates = {estimate.sku: estimate for estimate in estimate_elasticities(daily, categories)}

    assert estimates["BUSY"].source == "own"
    assert abs(estimates["BUSY"].elasticity + 2.5) < 0.3
    assert estimates["THIN"].units < MIN_UNITS
    assert estimates["THIN"].source == "category"
    assert estimates["THIN"].own_elasticity is None
    assert -2.8 < estimates["THIN"].elasticity < -1.6


def test_shrinkage_moves_toward_category():
    skus = {f"SKU-{index}": (-2.0, 2.0) for index in range(6)}
    daily = daily_frame(skus, seed=9)
    categories = dict.fromkeys(skus, "toys")

    estimates = estimate_elasticities(daily, categories)

    pool = np.mean([estimate.elasticity for estimate in estimates])
    for estimate in estimates:
        assert 0.0 < estimate.own_weight <= 1.0
        assert abs(estimate.elasticity - pool) <= abs(estimate.own_elasticity - pool) + 1e-9


def test_no_history_raises():
    daily = daily_frame({"THIN": (-2.0, 0.01)}, seed=1)
    with pytest.raises(NotEnoughPriceHistory, match="No SKU has"):
        estimate_elasticities(daily, {"THIN": "toys"})
