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


def data_day(as_of: datetime | None) -> date:
    """Return the IST day the data reaches, or today's while there is no data."""
    return as_of.astimezone(DISPLAY_ZONE).date() if as_of else datetime.now(DISPLAY_ZONE).date()


def today_summary(
    warehouse: PublishedWarehouse,
    account_id: str | None,
    as_of: datetime | None,
    sales: pl.DataFrame | None = None,
) -> Today:
    """Count the orders of the data's current day and the open shipments by urgency.

    `sales` is `daily_sales` of a window that ends on that day, when the caller has it already.
    """
    day = data_day(as_of)
    if sales is None:
        sales = daily_sales(warehouse, account_id, day, days=1)
    today = sales.filter(pl.col("day") == day).to_dicts()
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
        {**account_params(account_id), "risk_hours": AT_RISK_HOURS},
    )
    return Today(
        as_of=as_of,
        day=day,
        orders=today[0]["orders"] if today else 0,
        order_value=_amount(today[0] if today else {}, "gross_value"),
        pending_dispatch=dispatch.item(0, "pending"),
        at_risk=dispatch.item(0, "at_risk"),
        overdue=dispatch.item(0, "overdue"),
    )


def daily_sales(
    warehouse: PublishedWarehouse, account_id: str | None, day: date, days: int = TREND_DAYS
) -> pl.DataFrame:
    """Return one row per day with sales of the `days` up to `day`, from `marts.sales_daily`.

    Columns: day, orders, gross_value, dispatchable_items (not cancelled), rto_items and
    net_sales. A day without orders has no row.
    """
    return read_frame(
        warehouse,
        f"""
        select period_start as day, sum(orders)::bigint as orders,
               sum(gross_value) as gross_value,
               sum(items - cancelled_items)::bigint as dispatchable_items,
               sum(rto_items)::bigint as rto_items, sum(net_sales) as net_sales
        from marts.sales_daily
        where {ACCOUNT_CONDITION} and period_start between $start and $day
        group by 1
        order by 1
        """,  # noqa: S608 (constant SQL, bound values)
        _window(account_id, day, days),
    )


def daily_profit(
    warehouse: PublishedWarehouse, account_id: str | None, day: date, days: int = TREND_DAYS
) -> pl.DataFrame:
    """Return one row per day with the net profit of the `days` up to `day`."""
    return read_frame(
        warehouse,
        f"""
        select period_start as day, sum(net_profit) as net_profit
        from marts.sku_profit_daily
        where {ACCOUNT_CONDITION} and period_start between $start and $day
        group by 1
        order by 1
        """,  # noqa: S608 (constant SQL, bound values)
        _window(account_id, day, days),
    )


def money_summary(
    sales: pl.DataFrame, profit: pl.DataFrame, day: date, days: int = TREND_DAYS
) -> Money:
    """Sum net sales, profit and the RTO rate over the `days` up to `day` and the `days` before.

    `sales` and `profit` are `daily_sales` and `daily_profit` of at least `2 * days` days.
    """
    start = day - timedelta(days=days - 1)
    previous = (pl.col("day") >= start - timedelta(days=days)) & (pl.col("day") < start)
    current = (pl.col("day") >= start) & (pl.col("day") <= day)
    return Money(
        net_sales=_total(sales, current, "net_sales"),
        previous_net_sales=_total(sales, previous, "net_sales"),
        net_profit=_total(profit, current, "net_profit"),
        previous_net_profit=_total(profit, previous, "net_profit"),
        rto_rate=_rto_rate(sales.filter(current)),
        previous_rto_rate=_rto_rate(sales.filter(previous)),
    )


def daily_money(
    sales: pl.DataFrame, profit: pl.DataFrame, day: date, days: int = TREND_DAYS
) -> pl.DataFrame:
    """Return one row per day of the window with net sales and net profit (0 where missing)."""
    start = day - timedelta(days=days - 1)
    return (
        sales.select("day", "net_sales")
        .join(profit.select("day", "net_profit"), on="day", how="full", coalesce=True)
        .filter(pl.col("day").is_between(start, day))
        .with_columns(pl.col("net_sales", "net_profit").fill_null(0))
        .sort("day")
    )


def in_window(frame: pl.DataFrame, day: date, days: int = TREND_DAYS) -> pl.DataFrame:
    """Keep the rows of the `days` up to `day`."""
    return frame.filter(pl.col("day").is_between(day - timedelta(days=days - 1), day))


def _window(account_id: str | None, day: date, days: int) -> dict[str, object]:
    return {**account_params(account_id), "start": day - timedelta(days=days - 1), "day": day}


def _total(frame: pl.DataFrame, rows: pl.Expr, column: str) -> Decimal:
    total = frame.filter(rows).get_column(column).sum()
    return Decimal(total) if total is not None else Decimal("0.00")


def _amount(row: dict[str, object], column: str) -> Decimal:
    value = row.get(column)
    return Decimal(value) if value is not None else Decimal("0.00")


def _rto_rate(frame: pl.DataFrame) -> Decimal | None:
    dispatchable = frame.get_column("dispatchable_items").sum()
    if not dispatchable:
        return None
    return Decimal(int(frame.get_column("rto_items").sum())) / Decimal(int(dispatchable))
