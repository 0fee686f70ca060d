"""Price, dispatch-delay and fast-mover assets of one seller account, written to schema `ml`.

Each asset runs after `dbt build` and before publish, inside the tenant's write lock, reads the
account's rows of the marts, calls a pure function of `models_ml` and replaces the account's
rows of its `ml` table, all through `materialize_account_model`. Models take "now" to be the
latest sync's server time, so reruns on unchanged data write the same rows. The RTO assets are
in rto_assets.py.
"""

from datetime import datetime
from functools import partial

import dagster as dg
import duckdb

from ingestion.warehouse.ml_tables import (
    DELAY_FINDINGS,
    FAST_MOVERS,
    PRICE_SUGGESTIONS,
    ensure_ml_tables,
)
from models_ml.delays import find_delay_patterns
from models_ml.frames import order_item_frame, pricing_frames, stock_cover_frame
from models_ml.pricing import NotEnoughPriceHistory, suggest_prices
from models_ml.velocity import find_fast_movers
from orchestration.defs.intelligence.config import ModelConfig
from orchestration.defs.intelligence.keys import (
    DELAY_FINDINGS_KEY,
    FAST_MOVERS_KEY,
    INTELLIGENCE_GROUP,
    PRICE_SUGGESTIONS_KEY,
    SKU_RTO_RATES_KEY,
    mart_key,
)
from orchestration.defs.intelligence.outputs import ModelOutput, materialize_account_model
from orchestration.defs.sync.partitions import seller_accounts
from orchestration.defs.sync.resources import WarehouseResource
from orchestration.pools import WAREHOUSE_POOL

ACCOUNT_ASSET = {
    "group_name": INTELLIGENCE_GROUP,
    "partitions_def": seller_accounts,
    "pool": WAREHOUSE_POOL,
    "kinds": {"python", "duckdb"},
}


@dg.asset(
    key=DELAY_FINDINGS_KEY,
    deps=[mart_key("order_items"), mart_key("sla_shipments")],
    **ACCOUNT_ASSET,
)
def delay_findings(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Weekdays, hours, SKUs, locations and order sizes ranked by how much they raise late RTD."""
    return materialize_account_model(context, warehouse, DELAY_FINDINGS.name, _find_delays)


def _find_delays(
    connection: duckdb.DuckDBPyConnection, account_id: str, as_of: datetime
) -> ModelOutput:
    items = order_item_frame(connection, account_id)
    result = find_delay_patterns(items, as_of)

    findings = result.findings
    significant = findings.filter(findings["low"] > 0)
    top = findings.head(1).to_dicts()
    metadata = {"top_finding": f"{top[0]['dimension']} = {top[0]['value']}"} if top else {}
    return ModelOutput(
        findings,
        result.version,
        inputs={"order items": items.height},
        detail=f"{significant.height} significant findings",
        metadata=metadata,
    )


@dg.asset(
    key=PRICE_SUGGESTIONS_KEY,
    deps=[mart_key("order_items"), SKU_RTO_RATES_KEY],
    **ACCOUNT_ASSET,
)
def price_suggestions(
    context: dg.AssetExecutionContext, config: ModelConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Profit-maximizing price of each listed SKU within the guardrails, with its reason."""
    # A thin price history is normal for a new account and must not block the publish.
    return materialize_account_model(
        context,
        warehouse,
        PRICE_SUGGESTIONS.name,
        partial(_suggest_prices, seed=config.seed),
        skip_on=(NotEnoughPriceHistory,),
    )


def _suggest_prices(
    connection: duckdb.DuckDBPyConnection, account_id: str, as_of: datetime, *, seed: int
) -> ModelOutput:
    frames = pricing_frames(connection, account_id)
    items, listings = frames["items"], frames["listings"]
    # Empty when ml/sku_rto_rates never ran here; the model then uses observed RTO rates.
    ensure_ml_tables(connection)
    rto_rates = connection.sql(
        "SELECT sku, predicted_rate FROM ml.sku_rto_rates WHERE account_id = ?",
        params=[account_id],
    ).pl()
    result = suggest_prices(
        items,
        listings,
        frames["rate_card"],
        as_of=as_of,
        seed=seed,
        rto_rates=rto_rates if rto_rates.height else None,
    )

    suggestions = result.frame
    changes = suggestions.filter(suggestions["suggested_price"] != suggestions["current_price"])
    return ModelOutput(
        suggestions,
        result.version,
        inputs={"order items": items.height, "listings": listings.height},
        detail=f"{changes.height} price changes",
        metadata={"changes": changes.height},
    )


@dg.asset(
    key=FAST_MOVERS_KEY,
    deps=[mart_key("order_items"), mart_key("stock_cover")],
    **ACCOUNT_ASSET,
)
def fast_movers(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Compute each SKU's sales velocity, trend, ABC class by revenue and days of stock cover."""
    return materialize_account_model(context, warehouse, FAST_MOVERS.name, _find_fast_movers)


def _find_fast_movers(
    connection: duckdb.DuckDBPyConnection, account_id: str, as_of: datetime
) -> ModelOutput:
    items = order_item_frame(connection, account_id)
    # Stock levels belong to the tenant, not to one account, so the whole mart is passed.
    stock = stock_cover_frame(connection)
    result = find_fast_movers(items, as_of, stock)

    classes = result.movers["abc_class"].value_counts().sort("abc_class").iter_rows()
    return ModelOutput(
        result.movers,
        result.version,
        inputs={"order items": items.height, "stock rows": stock.height},
        detail=", ".join(f"{count} class {label}" for label, count in classes),
    )
