"""The seller-facing reason of each row of price suggestions (`ml.price_suggestions.reason`)."""

from __future__ import annotations

from models_ml.pricing.demand import Elasticity
from models_ml.pricing.guardrails import MAX_STEP, MAX_STEP_SHARE, MIN_MARGIN, MIN_MARGIN_SHARE, MRP
from models_ml.pricing.profit import ProfitModel
from models_ml.pricing.search import PriceChoice

# The opening words of the reason of a row without a suggested price.
UNCLEAR_RESPONSE = "Price response unclear"


def reason_text(choice: PriceChoice, model: ProfitModel, estimate: Elasticity) -> str:
    """Return one or two sentences saying why the price moves, for the seller."""
    price, current = choice.price, choice.current_price
    text = f"Elasticity {estimate.elasticity:.2f} from {_source_text(estimate)}."
    if price == current:
        text += " The current price already earns the most within the guardrails."
    else:
        demand_change = (float(price / current) ** choice.elasticity - 1.0) * 100
        margin_change = model.unit_profit(price) - model.unit_profit(current)
        verb = "Raising" if price > current else "Lowering"
        text += (
            f" {verb} the price from Rs {current:,.0f} to Rs {price:,.0f} changes demand by "
            f"{demand_change:+.0f} % and expected profit per ordered unit by "
            f"Rs {margin_change:+.2f}."
        )
    if choice.guardrail == MAX_STEP:
        text += f" A larger step would earn more, but one step moves at most {MAX_STEP_SHARE:.0%}."
    elif choice.guardrail == MRP:
        text += " A higher price would earn more, but the price may not exceed the MRP."
    elif choice.guardrail == MIN_MARGIN:
        text += (
            f" The minimum margin of {MIN_MARGIN_SHARE:.0%} of the price keeps the price "
            "from going lower."
        )
    return text


def unclear_reason_text(estimate: Elasticity, confidence: float) -> str:
    """Return why a SKU gets no suggested price: its elasticity may be zero or positive."""
    return (
        f"{UNCLEAR_RESPONSE}: elasticity {estimate.elasticity:.2f} "
        f"(standard error {estimate.standard_error:.2f}) from {_source_text(estimate)}. "
        f"It is below zero with a probability of {estimate.probability_negative():.0%}, "
        f"under the {confidence:.0%} required, so the sales do not show clearly that demand "
        "falls as the price rises and no price is suggested."
    )


def _source_text(estimate: Elasticity) -> str:
    return {
        "own": f"its own sales ({estimate.units} units at {estimate.distinct_prices} prices)",
        "pooled": (
            f"its sales ({estimate.units} units at {estimate.distinct_prices} prices) "
            f"pooled with its category, {estimate.own_weight:.0%} own"
        ),
        "category": f"its category, as it sold {estimate.units} units at too few prices",
    }[estimate.source]
