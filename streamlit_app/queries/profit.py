"""Queries of the Profit page: profit by period and by product, best-sellers and loss-makers."""

from __future__ import annotations

from datetime import date

import polars as pl

from sellerops.services.warehouse_reads import PublishedWarehouse
from streamlit_app.queries.filters import ACCOUNT_CONDITION, account_params
from streamlit_app.queries.source import read_frame

# The SKU profit mart of each period, by the label the page shows.
PERIOD_MARTS = {
    "Daily": "marts.sku_profit_daily",
    "Weekly": "marts.sku_profit_weekly",
    "Monthly": "marts.sku_profit_monthly",
}
TOP_PRODUCTS = 10


def _mart(period: str) -> str:
    try:
        return PERIOD_MARTS[period]
    except KeyError:
        names = ", ".join(PERIOD_MARTS)
        raise ValueError(f"Unknown period {period!r}; use one of: {names}.") from None


def profit_bounds(
    warehouse: PublishedWarehouse, account_id: str | None
) -> tuple[date, date] | None:
    """Return the first and last day with SKU profit, or None when there is none."""
    frame = read_frame(
        warehouse,
        f"""
        select min(period_start) as first, max(period_start) as last
        from marts.sku_profit_daily where {ACCOUNT_CONDITION}
        """,  # noqa: S608 (constant SQL, bound values)
        account_params(account_id),
    )
    first = frame.item(0, "first")
    return None if first is None else (first, frame.item(0, "last"))


def profit_by_period(
    warehouse: PublishedWarehouse, account_id: str | None, period: str, start: date, end: date
) -> pl.DataFrame:
    """Return revenue, fees, cost of goods and net profit per period starting in the window."""
    return read_frame(
        warehouse,
        f"""
        select period_start, sum(units_sold)::bigint as units_sold, sum(revenue) as revenue,
               sum(marketplace_fees + gst_on_fees) as fees, sum(cost_of_goods) as cost_of_goods,
               sum(net_profit) as net_profit
        from {_mart(period)}
        where {ACCOUNT_CONDITION} and period_start between $start and $end
        group by 1
        order by 1
        """,  # noqa: S608 (constant SQL, bound values)
        {**account_params(account_id), "start": start, "end": end},
    )


def profit_by_product(
    warehouse: PublishedWarehouse, account_id: str | None, start: date, end: date
) -> pl.DataFrame:
    """Return each SKU's units, revenue, every fee, cost, profit and margin over the days."""
    return read_frame(
        warehouse,
        f"""
        select sku, sum(units_sold)::bigint as units_sold, sum(revenue) as revenue,
               sum(commission) as commission, sum(fixed_fee) as fixed_fee,
               sum(collection_fee) as collection_fee, sum(forward_shipping) as forward_shipping,
               sum(reverse_shipping) as reverse_shipping, sum(gst_on_fees) as gst_on_fees,
               sum(cost_of_goods) as cost_of_goods, sum(net_profit) as net_profit,
               round(sum(net_profit) / nullif(sum(revenue), 0), 4) as margin,
               bool_and(has_cost) as has_cost
        from marts.sku_profit_daily
        where {ACCOUNT_CONDITION} and period_start between $start and $end
        group by 1
        order by net_profit desc, sku
        """,  # noqa: S608 (constant SQL, bound values)
        {**account_params(account_id), "start": start, "end": end},
    )


def best_sellers(products: pl.DataFrame, count: int = TOP_PRODUCTS) -> pl.DataFrame:
    """Return the `count` SKUs that sold the most units, ties broken by profit."""
    return products.sort(["units_sold", "net_profit"], descending=True).head(count)


def loss_makers(products: pl.DataFrame) -> pl.DataFrame:
    """Return the SKUs with a negative net profit, the largest loss first."""
    return products.filter(pl.col("net_profit") < 0).sort("net_profit")
