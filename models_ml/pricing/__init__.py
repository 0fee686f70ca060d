"""Price suggestions: demand response per SKU, profit under the rate card, guarded search."""

from models_ml.pricing.demand import NotEnoughPriceHistory
from models_ml.pricing.guardrails import PriceLimits, broken_guardrail
from models_ml.pricing.suggest import (
    SUGGESTION_COLUMNS,
    PriceSuggestions,
    PricingParams,
    suggest_prices,
)

__all__ = [
    "SUGGESTION_COLUMNS",
    "NotEnoughPriceHistory",
    "PriceLimits",
    "PriceSuggestions",
    "PricingParams",
    "broken_guardrail",
    "suggest_prices",
]
