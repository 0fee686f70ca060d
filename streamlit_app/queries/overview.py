"""Queries of the Overview page: the data's clock, today's activity, dispatch and money."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import polars as pl

from sellerops.services.dispatch_queue import AT_RISK_HOURS
from sellerops.services.warehouse_reads import PublishedWarehouse
from streamlit_app.components.formatting import DISPLAY_ZONE
from streamlit_app.queries.filters import ACCOUNT_CONDITION, account_params
from streamlit_app.queries.source import read_frame

TREND_DAYS = 30


@dataclass(frozen=True)
class Today:
    """Orders of the data's current day and the open shipments' dispatch state."""

    as_of: datetime | None
    day: date
    orders: int
    order_value: Decimal
    pending_dispatch: int
    at_risk: int
    overdue: int


@dataclass(frozen=True)
class Money:
    """Net sales, profit and RTO over a window of days, and over the window before it."""

    net_sales: Decimal
    previous_net_sales: Decimal
    net_profit: Decimal
    previous_net_profit: Decimal
    rto_rate: Decimal | None
    previous_rto_rate: Decimal | None


def data_clock(warehouse: PublishedWarehouse, account_id: str | None) -> datetime | None:
    """Return the time the data reaches: Flipkart's clock at the last sync, else the last order.

    Pages count "today" on this day, not the wall clock's, so a copy built days ago still
    shows the activity of its own last day.
    """
    frame = read_frame(
        warehouse,
        f"""
        select coalesce(
            (select max(as_of) from marts.sla_shipments where {ACCOUNT_CONDITION}),
            (select max(ordered_at) from marts.order_items where {ACCOUNT_CONDITION})
        ) as as_of
        """,  # noqa: S608 (constant SQL, bound values)
        account_params(account_id),
    )
    return frame.item(0, "as_of")


def today_summary(
    warehouse: PublishedWarehouse, account_id: str | None, as_of: datetime | None
) -> Today:
    """Count the orders of the data's current day and the open shipments by urgency."""
    day = as_of.astimezone(DISPLAY_ZONE).date() if as_of else datetime.now(DISPLAY_ZONE).date()
    params = {**account_params(account_id), "day": day, "risk_hours": AT_RISK_HOURS}
    orders = read_frame(
        warehouse,
        f"""
        select count(distinct order_id) as orders,
               coalesce(sum(order_item_value), 0) as order_value
        from marts.order_items
        where {ACCOUNT_CONDITION} and order_date = $day
        """,  # noqa: S608 (constant SQL, bound values)
        params,
    )
    dispatch = read_frame(
        warehouse,
        f"""
        select count(*) filter (where sla_status = 'open') as pending,
               count(*) filter (
                   where sla_status = 'open' and hours_left <= $risk_hours
               ) as at_risk,
               count(*) filter (where sla_status = 'open' and hours_left < 0) as overdue
        from marts.sla_shipments
        where {ACCOUNT_CONDITION}
        """,  # noqa: S608 (constant SQL, bound values)
        params,
    )
    return Today(
        as_of=as_of,
        day=day,
        orders=orders.item(0, "orders"),
        order_value=Decimal(orders.item(0, "order_value")),
        pending_dispatch=dispatch.item(0, "pending"),
        at_risk=dispatch.item(0, "at_risk"),
        overdue=dispatch.item(0, "overdue"),
    )


def money_summary(
    warehouse: PublishedWarehouse, account_id: str | None, day: date, days: int = TREND_DAYS
) -> Money:
    """Sum net sales, profit and the RTO rate over the `days` up to `day` and the `days` before."""
    start = day - timedelta(days=days - 1)
    previous_start = start - timedelta(days=days)
    params = {**account_params(account_id), "start": start, "previous": previous_start, "day": day}
    sales = read_frame(
        warehouse,
        f"""
        select period_start >= $start as is_current,
               sum(net_sales) as net_sales,
               sum(rto_items) as rto_items,
               sum(items - cancelled_items) as dispatchable_items
        from marts.sales_daily
        where {ACCOUNT_CONDITION} and period_start between $previous and $day
        group by 1
        """,  # noqa: S608 (constant SQL, bound values)
        params,
    )
    profit = read_frame(
        warehouse,
        f"""
        select period_start >= $start as is_current, sum(net_profit) as net_profit
        from marts.sku_profit_daily
        where {ACCOUNT_CONDITION} and period_start between $previous and $day
        group by 1
        """,  # noqa: S608 (constant SQL, bound values)
        params,
    )
    current_sales, previous_sales = _split(sales), _split(sales, current=False)
    current_profit, previous_profit = _split(profit), _split(profit, current=False)
    return Money(
        net_sales=_amount(current_sales, "net_sales"),
        previous_net_sales=_amount(previous_sales, "net_sales"),
        net_profit=_amount(current_profit, "net_profit"),
        previous_net_profit=_amount(previous_profit, "net_profit"),
        rto_rate=_rto_rate(current_sales),
        previous_rto_rate=_rto_rate(previous_sales),
    )


def daily_orders(
    warehouse: PublishedWarehouse, account_id: str | None, day: date, days: int = TREND_DAYS
) -> pl.DataFrame:
    """Return one row per day of the window with orders, dispatchable items and RTO items."""
    return read_frame(
        warehouse,
        f"""
        select period_start as day, sum(orders)::bigint as orders,
               sum(items - cancelled_items)::bigint as dispatchable_items,
               sum(rto_items)::bigint as rto_items
        from marts.sales_daily
        where {ACCOUNT_CONDITION} and period_start between $start and $day
        group by 1
        order by 1
        """,  # noqa: S608 (constant SQL, bound values)
        _window(account_id, day, days),
    )


def daily_money(
    warehouse: PublishedWarehouse, account_id: str | None, day: date, days: int = TREND_DAYS
) -> pl.DataFrame:
    """Return one row per day of the window with net sales and net profit."""
    return read_frame(
        warehouse,
        f"""
        with sales as (
            select period_start as day, sum(net_sales) as net_sales
            from marts.sales_daily
            where {ACCOUNT_CONDITION} and period_start between $start and $day
            group by 1
        ),
        profit as (
            select period_start as day, sum(net_profit) as net_profit
            from marts.sku_profit_daily
            where {ACCOUNT_CONDITION} and period_start between $start and $day
            group by 1
        )
        select coalesce(sales.day, profit.day) as day,
               coalesce(sales.net_sales, 0) as net_sales,
               coalesce(profit.net_profit, 0) as net_profit
        from sales full outer join profit on sales.day = profit.day
        order by 1
        """,  # noqa: S608 (constant SQL, bound values)
        _window(account_id, day, days),
    )


def _window(account_id: str | None, day: date, days: int) -> dict[str, object]:
    return {**account_params(account_id), "start": day - timedelta(days=days - 1), "day": day}


def _split(frame: pl.DataFrame, *, current: bool = True) -> dict[str, object]:
    rows = frame.filter(pl.col("is_current") == current).to_dicts()
    return rows[0] if rows else {}


def _amount(row: dict[str, object], column: str) -> Decimal:
    value = row.get(column)
    return Decimal(value) if value is not None else Decimal("0.00")


def _rto_rate(row: dict[str, object]) -> Decimal | None:
    dispatchable = row.get("dispatchable_items") or 0
    if not dispatchable:
        return None
    return Decimal(row.get("rto_items") or 0) / Decimal(dispatchable)
