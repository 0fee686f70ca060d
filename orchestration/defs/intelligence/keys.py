"""Asset keys of the intelligence domain, importable without loading its asset definitions."""

import dagster as dg

INTELLIGENCE_GROUP = "intelligence"
ML_PREFIX = "ml"

RTO_MODEL_KEY = dg.AssetKey([ML_PREFIX, "rto_model"])
RTO_SCORES_KEY = dg.AssetKey([ML_PREFIX, "rto_item_scores"])
SKU_RTO_RATES_KEY = dg.AssetKey([ML_PREFIX, "sku_rto_rates"])
PRICE_SUGGESTIONS_KEY = dg.AssetKey([ML_PREFIX, "price_suggestions"])
DELAY_FINDINGS_KEY = dg.AssetKey([ML_PREFIX, "delay_findings"])
FAST_MOVERS_KEY = dg.AssetKey([ML_PREFIX, "fast_movers"])

# Every intelligence asset writes the working file, so publish waits for all of them.
INTELLIGENCE_KEYS = (
    RTO_MODEL_KEY,
    RTO_SCORES_KEY,
    SKU_RTO_RATES_KEY,
    PRICE_SUGGESTIONS_KEY,
    DELAY_FINDINGS_KEY,
    FAST_MOVERS_KEY,
)


def mart_key(name: str) -> dg.AssetKey:
    """Return the asset key of a dbt mart, as the warehouse translator names it."""
    return dg.AssetKey(["marts", name])
