"""Load the warehouse frames the models read, from a DuckDB connection to a built warehouse.

This is the only module in `models_ml` that touches a database. Every timestamp column comes
back in UTC whatever the session's TimeZone, so model code never depends on it. Money columns
stay Decimal; models convert what they need to floats themselves.
"""

from __future__ import annotations

import duckdb
import polars as pl

ORDER_ITEM_QUERY = """
    select
        items.*,
        shipments.shipment_type,
        shipments.dispatch_by,
        shipments.sla_status,
        shipments.as_of,
        profiles.tier as account_tier
    from marts.order_items as items
    left join marts.sla_shipments as shipments
        on items.account_id = shipments.account_id
        and items.shipment_id = shipments.shipment_id
    left join staging.stg_sellerops__account_profile as profiles
        on items.account_id = profiles.account_id
"""


def order_item_frame(
    connection: duckdb.DuckDBPyConnection, account_id: str | None = None
) -> pl.DataFrame:
    """Load marts.order_items with each item's shipment SLA fields and the account's tier.

    Adds `shipment_type`, `dispatch_by`, `sla_status` and `as_of` from marts.sla_shipments and
    `account_tier` from the account profile. `ready_to_dispatch_at` is already an order item
    column, taken from the same shipment status history as sla_shipments. Pass `account_id` to
    load one seller account; rows are ordered by order time, then order item id.
    """
    query = ORDER_ITEM_QUERY
    parameters: list[str] = []
    if account_id is not None:
        query += " where items.account_id = ?"
        parameters.append(account_id)
    query += " order by items.ordered_at, items.order_item_id"

    frame = connection.sql(query, params=parameters).pl()
    return to_utc(frame)


def sku_master_frame(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Load the seller's SKU master (category, HSN, GST rate, cost price, weight and size)."""
    frame = connection.sql("select * from staging.stg_sellerops__sku_master order by sku").pl()
    return to_utc(frame)


def stock_cover_frame(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Load marts.stock_cover: stock, sales velocity and days of cover per SKU and location."""
    frame = connection.sql("select * from marts.stock_cover order by sku, location_id").pl()
    return to_utc(frame)


def to_utc(frame: pl.DataFrame) -> pl.DataFrame:
    """Convert every time-zone-aware datetime column of `frame` to UTC."""
    conversions = [
        pl.col(name).dt.convert_time_zone("UTC")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None
    ]
    if not conversions:
        return frame
    return frame.with_columns(conversions)


PRICING_ITEM_QUERY = """
    select
        items.order_item_id,
        items.account_id,
        items.sku,
        items.category,
        items.ordered_at,
        items.order_date,
        items.quantity,
        items.unit_price,
        items.selling_price,
        items.shipping_charge,
        items.payment_type,
        items.zone,
        items.outcome,
        items.gst_rate,
        enriched.unit_weight_g,
        enriched.cost_price,
        enriched.tier,
        enriched.fulfilment
    from marts.order_items as items
    left join intermediate.int_order_items_enriched as enriched
        on items.account_id = enriched.account_id
        and items.order_item_id = enriched.order_item_id
"""
LISTING_QUERY = """
    select account_id, sku, selling_price, mrp
    from staging.stg_flipkart__listings
"""


def pricing_frames(
    connection: duckdb.DuckDBPyConnection, account_id: str | None = None
) -> dict[str, pl.DataFrame]:
    """Load what the price model reads: order items, current listing prices and the rate card.

    `items` adds each item's chargeable unit weight, unit cost and the account's tier and
    fulfilment to marts.order_items, from the intermediate model the fee model reads.
    `listings` contains each listing's account_id, sku, current selling price and MRP, which
    no mart carries, from the listings staging view. Each seller account lists its SKUs at its
    own prices, so pass `account_id` to load one account's items and listings. `rate_card` is
    the rate card seed, which every account shares.
    """
    item_query, listing_query = PRICING_ITEM_QUERY, LISTING_QUERY
    parameters: list[str] = []
    if account_id is not None:
        item_query += " where items.account_id = ?"
        listing_query += " where account_id = ?"
        parameters.append(account_id)
    item_query += " order by items.ordered_at, items.order_item_id"
    listing_query += " order by account_id, sku"

    items = to_utc(connection.sql(item_query, params=parameters).pl())
    listings = connection.sql(listing_query, params=parameters).pl()
    rate_card = connection.sql("select * from seeds.rate_card").pl()
    return {"items": items, "listings": listings, "rate_card": rate_card}
