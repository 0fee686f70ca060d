"""Price, dispatch-delay and fast-mover assets of one seller account, written to schema `ml`.

Each asset runs after `dbt build` and before publish, inside the tenant's write lock, reads the
account's rows of the marts, calls a pure function of `models_ml` and replaces the account's
rows of its `ml` tables. Models take "now" to be the latest sync's server time, so reruns on
unchanged data write the same rows. The RTO assets are in rto_assets.py.
"""

import dagster as dg

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
from orchestration.defs.intelligence.outputs import (
    read_as_of,
    skip_without_data,
    version_metadata,
    write_output,
)
from orchestration.defs.sync.partitions import parse_partition_key, seller_accounts
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
    partition = parse_partition_key(context.partition_key)

    with warehouse.writer(partition.tenant_slug) as connection:
        as_of = read_as_of(connection, partition.account_id)
        if as_of is None:
            return skip_without_data(context, connection, partition, DELAY_FINDINGS.name)
        items = order_item_frame(connection, partition.account_id)
        result = find_delay_patterns(items, as_of)
        written = write_output(
            connection, partition, DELAY_FINDINGS.name, result.findings, result.version
        )

    significant = result.findings.filter(result.findings["low"] > 0)
    context.log.info(
        "Partition %s: %d order items in, %d findings (%d significant) to ml.%s",
        partition.key,
        items.height,
        written,
        significant.height,
        DELAY_FINDINGS.name,
    )
    top = result.findings.head(1).to_dicts()
    metadata = {**version_metadata(result.version), "rows": written}
    if top:
        metadata["top_finding"] = f"{top[0]['dimension']} = {top[0]['value']}"
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    key=PRICE_SUGGESTIONS_KEY,
    deps=[mart_key("order_items"), SKU_RTO_RATES_KEY],
    **ACCOUNT_ASSET,
)
def price_suggestions(
    context: dg.AssetExecutionContext, config: ModelConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Profit-maximizing price of each listed SKU within the guardrails, with its reason."""
    partition = parse_partition_key(context.partition_key)

    with warehouse.writer(partition.tenant_slug) as connection:
        as_of = read_as_of(connection, partition.account_id)
        if as_of is None:
            return skip_without_data(context, connection, partition, PRICE_SUGGESTIONS.name)
        frames = pricing_frames(connection, partition.account_id)
        items, listings = frames["items"], frames["listings"]
        # Empty when ml/sku_rto_rates never ran here; the model then uses observed RTO rates.
        ensure_ml_tables(connection)
        rto_rates = connection.sql(
            "SELECT sku, predicted_rate FROM ml.sku_rto_rates WHERE account_id = ?",
            params=[partition.account_id],
        ).pl()
        try:
            result = suggest_prices(
                items,
                listings,
                frames["rate_card"],
                as_of=as_of,
                seed=config.seed,
                rto_rates=rto_rates if rto_rates.height else None,
            )
        except NotEnoughPriceHistory as error:
            # A thin price history is normal for a new account and must not block the publish.
            return skip_without_data(
                context, connection, partition, PRICE_SUGGESTIONS.name, reason=str(error)
            )
        written = write_output(
            connection, partition, PRICE_SUGGESTIONS.name, result.frame, result.version
        )

    suggestions = result.frame
    changes = suggestions.filter(suggestions["suggested_price"] != suggestions["current_price"])
    context.log.info(
        "Partition %s: %d order items and %d listings in, %d suggestions (%d price changes) "
        "to ml.%s",
        partition.key,
        items.height,
        listings.height,
        written,
        changes.height,
        PRICE_SUGGESTIONS.name,
    )
    return dg.MaterializeResult(
        metadata={**version_metadata(result.version), "rows": written, "changes": changes.height}
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
    partition = parse_partition_key(context.partition_key)

    with warehouse.writer(partition.tenant_slug) as connection:
        as_of = read_as_of(connection, partition.account_id)
        if as_of is None:
            return skip_without_data(context, connection, partition, FAST_MOVERS.name)
        items = order_item_frame(connection, partition.account_id)
        # Stock levels belong to the tenant, not to one account, so the whole mart is passed.
        stock = stock_cover_frame(connection)
        result = find_fast_movers(items, as_of, stock)
        written = write_output(
            connection, partition, FAST_MOVERS.name, result.movers, result.version
        )

    classes = result.movers["abc_class"].value_counts().sort("abc_class").iter_rows()
    context.log.info(
        "Partition %s: %d order items and %d stock rows in, %d SKUs to ml.%s (%s)",
        partition.key,
        items.height,
        stock.height,
        written,
        FAST_MOVERS.name,
        ", ".join(f"{count} class {label}" for label, count in classes),
    )
    return dg.MaterializeResult(metadata={**version_metadata(result.version), "rows": written})
