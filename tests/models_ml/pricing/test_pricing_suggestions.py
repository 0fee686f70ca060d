"""Price suggestions on a sandbox seller, measured against the simulator's true profit."""

from datetime import datetime
from decimal import Decimal

import polars as pl
import pytest
from pricing_warehouse import PricingWarehouse
from true_profit import TrueProfit, captured_share

from models_ml.pricing.demand import MIN_UNITS
from models_ml.pricing.economics import sku_economics
from models_ml.pricing.guardrails import broken_guardrail
from models_ml.pricing.reasons import UNCLEAR_RESPONSE
from models_ml.pricing.search import candidate_prices
from models_ml.pricing.suggest import (
    SUGGESTION_COLUMNS,
    PriceSuggestions,
    PricingParams,
    suggest_prices,
)

SEED = 7
MIN_CAPTURED_SHARE = 0.90

pytestmark = pytest.mark.xdist_group("dbt-build")


def run_model(warehouse: PricingWarehouse, seed: int = SEED) -> PriceSuggestions:
    return suggest_prices(
        warehouse.items,
        warehouse.listings,
        warehouse.rate_card,
        as_of=warehouse.as_of,
        seed=seed,
    )


@pytest.fixture(scope="module")
def suggestions(pricing_warehouse: PricingWarehouse) -> PriceSuggestions:
    return run_model(pricing_warehouse)


def test_suggestions_capture_true_profit_gain(pricing_warehouse, suggestions):
    """Following the suggestions captures >= 90 % of the true optimum's profit gain.

    The true expected profit per day of a SKU at a price comes from the sandbox truth alone:
    demand = (units in the window / sum over its days of (price of the day / basePrice) ^
    elasticity) x (price / basePrice) ^ elasticity, with the true elasticity and base price;
    profit per ordered unit = the SKU's own payment-type and zone mix of the window, the
    true cancel share, mean true RTO and return probabilities of its items, fees from the
    sandbox's own fee oracle at the as_of date, the simulator's GST and buyer shipping rules,
    and the cost price. RTO and return probabilities are held at their mean, because within a
    10 % step they move by a few percent. The true optimum searches the same candidate price
    points under the same guardrails (10 % step, MRP, 10 % minimum margin computed with the
    true profit). Gains are per day over the current price, summed over the SKUs with enough
    history for their own elasticity estimate (source own or pooled). A SKU without a
    suggested price keeps its current price, so it gains nothing but its optimal gain counts.
    """
    truth = TrueProfit(
        pricing_warehouse.seller_truth, pricing_warehouse.as_of, PricingParams().window_days
    )
    gains = []
    for row in suggestions.frame.iter_rows(named=True):
        sku = truth.skus.get(row["sku"])
        if row["elasticity_source"] == "category" or sku is None:
            continue
        current = row["current_price"]
        limits = truth.limits(sku, current, suggestions.limits[row["sku"]].mrp)
        best = truth.best_price(
            sku, limits, candidate_prices(limits.step_low, limits.high, current)
        )
        at_current = truth.daily_profit(sku, current)
        suggested = row["suggested_price"] if row["suggested_price"] is not None else current
        gains.append(
            (
                truth.daily_profit(sku, suggested) - at_current,
                truth.daily_profit(sku, best) - at_current,
            )
        )

    share = captured_share(gains)
    print(
        f"Price suggestions capture {share:.1%} of the true optimal profit gain "
        f"({sum(best for _, best in gains):.2f} rupees a day) on {len(gains)} SKUs"
    )
    assert len(gains) >= 30
    assert share >= MIN_CAPTURED_SHARE


def priced_rows(suggestions: PriceSuggestions) -> pl.DataFrame:
    """Return the rows with a suggested price."""
    return suggestions.frame.filter(pl.col("suggested_price").is_not_null())


def test_suggestions_respect_guardrails(pricing_warehouse, suggestions):
    mrp = dict(pricing_warehouse.listings.select("sku", "mrp").iter_rows())
    for row in priced_rows(suggestions).iter_rows(named=True):
        price, current = row["suggested_price"], row["current_price"]
        limits = suggestions.limits[row["sku"]]
        assert broken_guardrail(price, limits) is None, row["sku"]
        assert abs(price - current) <= current * Decimal("0.10"), row["sku"]
        assert price <= mrp[row["sku"]], row["sku"]
        assert price == price.to_integral_value(), row["sku"]


def test_suggestion_columns_match_table(suggestions):
    frame = suggestions.frame
    assert tuple(frame.columns) == SUGGESTION_COLUMNS
    assert frame["sku"].is_unique().all()
    assert set(frame["elasticity_source"]) == {"own", "pooled", "category"}
    assert set(frame["guardrail"].drop_nulls()) <= {"max_step", "mrp", "min_margin"}
    assert frame["reason"].str.len_chars().min() > 20


def test_profit_change_inside_interval(suggestions):
    # The change grows monotonically with the elasticity, so the point estimate is the
    # median of the drawn changes and lies inside the interval (up to paise rounding).
    paisa = Decimal("0.01")
    for row in priced_rows(suggestions).iter_rows(named=True):
        assert row["low"] - paisa <= row["expected_profit_change"], row["sku"]
        assert row["expected_profit_change"] <= row["high"] + paisa, row["sku"]


def test_unchanged_price_expects_no_change(suggestions):
    same = suggestions.frame.filter(pl.col("suggested_price") == pl.col("current_price"))
    assert (same["expected_profit_change"] == 0).all()


def test_unclear_rows_have_no_change(suggestions):
    confidence = PricingParams().negative_elasticity_confidence
    unclear = suggestions.frame.filter(pl.col("suggested_price").is_null())
    for row in unclear.iter_rows(named=True):
        estimate = suggestions.elasticities[row["sku"]]
        assert estimate.probability_negative() < confidence, row["sku"]
        assert row["expected_profit_change"] is None, row["sku"]
        assert row["reason"].startswith(UNCLEAR_RESPONSE), row["sku"]
    for row in priced_rows(suggestions).iter_rows(named=True):
        estimate = suggestions.elasticities[row["sku"]]
        assert estimate.probability_negative() >= confidence, row["sku"]


def test_thin_history_uses_category(suggestions):
    for sku, estimate in suggestions.elasticities.items():
        if estimate.units < MIN_UNITS:
            assert estimate.source == "category", sku
            assert estimate.own_elasticity is None, sku


def test_same_seed_same_suggestions(pricing_warehouse, suggestions):
    again = run_model(pricing_warehouse)
    assert again.frame.equals(suggestions.frame)
    assert again.version == suggestions.version


def test_model_version_records_window(pricing_warehouse, suggestions):
    version = suggestions.version
    assert version.name == "price_suggestions"
    assert version.window_end == pricing_warehouse.as_of
    assert (version.window_end - version.window_start).days == PricingParams().window_days
    assert version.metrics["skus_suggested"] == priced_rows(suggestions).height
    assert version.metrics["skus_price_response_unclear"] == (
        suggestions.frame["suggested_price"].null_count()
    )
    assert len(version.version) == 12


def test_naive_as_of_rejected(pricing_warehouse):
    with pytest.raises(ValueError, match="no time zone"):
        suggest_prices(
            pricing_warehouse.items,
            pricing_warehouse.listings,
            pricing_warehouse.rate_card,
            as_of=datetime(2026, 11, 30),  # noqa: DTZ001 (a naive time is the case tested)
            seed=SEED,
        )


def test_predicted_rto_rate_replaces_observed(pricing_warehouse):
    skus = pricing_warehouse.items["sku"].unique().sort().to_list()[:3]
    predicted = pl.DataFrame({"sku": skus, "predicted_rate": [0.5, 0.25, 0.0]})

    observed = sku_economics(pricing_warehouse.items, pricing_warehouse.as_of)
    replaced = sku_economics(pricing_warehouse.items, pricing_warehouse.as_of, predicted)

    assert [replaced[sku].rates.rto for sku in skus] == [0.5, 0.25, 0.0]
    for sku in skus:
        assert replaced[sku].rates.cancel == observed[sku].rates.cancel
        assert replaced[sku].rates.customer_return == observed[sku].rates.customer_return


def test_bounds_are_search_limits(suggestions):
    frame = suggestions.frame
    for row in frame.iter_rows(named=True):
        limits = suggestions.limits[row["sku"]]
        assert row["min_price"] == limits.margin_floor, row["sku"]
        assert row["max_price"] == limits.high, row["sku"]
        if row["suggested_price"] is None:
            continue
        assert row["suggested_price"] <= row["max_price"], row["sku"]
        if row["min_price"] is None:
            assert row["suggested_price"] == row["max_price"], row["sku"]
        else:
            assert row["min_price"] <= row["suggested_price"], row["sku"]
    assert frame["max_price"].null_count() == 0
