"""Suggested prices never break a guardrail, whatever the SKU's costs, fees and demand."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pricing_warehouse import seed_rate_card

from models_ml.pricing.guardrails import (
    MAX_STEP,
    MIN_MARGIN,
    MIN_MARGIN_SHARE,
    MRP,
    PriceLimits,
    broken_guardrail,
    step_range,
)
from models_ml.pricing.profit import OutcomeRates, ProfitModel, SkuEconomics
from models_ml.pricing.search import choose_price

RULES = seed_rate_card()
CATEGORIES = ("apparel", "footwear", "electronics_accessories", "home_kitchen", "beauty", "toys")


@st.composite
def pricing_cases(draw):
    current = Decimal(draw(st.integers(min_value=40, max_value=2600)))
    cost_share = draw(st.decimals(min_value="0.2", max_value="0.9", places=2))
    mix_zones = draw(
        st.lists(
            st.tuples(
                st.sampled_from(("COD", "PREPAID")), st.sampled_from(("local", "zonal", "national"))
            ),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    mrp = draw(
        st.one_of(
            st.none(),
            st.integers(min_value=int(current), max_value=int(current) * 2).map(Decimal),
        )
    )
    economics = SkuEconomics(
        sku="SKU-1",
        category=draw(st.sampled_from(CATEGORIES)),
        tier=draw(st.sampled_from(("GOLD", "SILVER"))),
        fulfilment="NON_FBF",
        cost_price=(current * cost_share).quantize(Decimal("0.01")),
        unit_weight_g=Decimal(draw(st.integers(min_value=50, max_value=6000))),
        on_date=draw(st.sampled_from((date(2024, 3, 1), date(2025, 6, 1), date(2026, 11, 30)))),
        mix=tuple((payment, zone, 1 / len(mix_zones)) for payment, zone in mix_zones),
        rates=OutcomeRates(
            cancel=draw(st.floats(min_value=0, max_value=0.2)),
            rto=draw(st.floats(min_value=0, max_value=0.4)),
            customer_return=draw(st.floats(min_value=0, max_value=0.3)),
        ),
        gst_points=((Decimal(1000), Decimal(draw(st.sampled_from((5, 12, 18))))),),
        shipping_points=(),
    )
    elasticity = draw(st.floats(min_value=-4.0, max_value=-0.2))
    demand = draw(st.floats(min_value=0.05, max_value=30.0))
    return economics, current, mrp, elasticity, demand


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pricing_cases())
def test_suggestions_never_break_guardrails(case):
    economics, current, mrp, elasticity, demand = case
    model = ProfitModel(RULES, economics)

    choice = choose_price(model, current, mrp, elasticity, demand)
    price = choice.price

    assert broken_guardrail(price, choice.limits) is None
    assert abs(price - current) <= current * Decimal("0.10")
    assert mrp is None or price <= mrp
    assert price == price.to_integral_value()
    if choice.limits.margin_floor is not None:
        assert model.delivered_margin(price) >= float(MIN_MARGIN_SHARE)
    else:
        assert choice.guardrail == MIN_MARGIN
        assert price == choice.limits.high


def limits(floor: Decimal | None = Decimal("95"), mrp: Decimal | None = Decimal("108")):
    low, high = step_range(Decimal("100"))
    return PriceLimits(Decimal("100"), low, high, mrp, floor)


@pytest.mark.parametrize(
    ("price", "price_limits", "broken"),
    [
        (Decimal("100"), limits(), None),
        (Decimal("90"), limits(floor=Decimal("90")), None),
        (Decimal("89"), limits(floor=Decimal("80")), MAX_STEP),
        (Decimal("111"), limits(mrp=None), MAX_STEP),
        (Decimal("110"), limits(mrp=None), None),
        (Decimal("109"), limits(), MRP),
        (Decimal("94"), limits(), MIN_MARGIN),
        (Decimal("108"), limits(floor=None), None),
        (Decimal("107"), limits(floor=None), MIN_MARGIN),
    ],
)
def test_broken_guardrail_cases(price, price_limits, broken):
    assert broken_guardrail(price, price_limits) == broken


def test_step_range_whole_rupees():
    assert step_range(Decimal("499")) == (Decimal("450"), Decimal("548"))


def test_step_range_rejects_zero_price():
    with pytest.raises(ValueError, match="Current price 0"):
        step_range(Decimal("0"))
