"""Queries of the Returns & RTO page: totals, reasons, weekly trend and high-risk SKUs."""

from __future__ import annotations

from datetime import date

import polars as pl

from sellerops.services.warehouse_reads import PublishedWarehouse
from streamlit_app.queries.filters import ACCOUNT_CONDITION, account_params
from streamlit_app.queries.source import read_frame

RETURN_TYPES = {"rto": "RTO", "customer_return": "Customer return"}


def _window(account_id: str | None, start: date, end: date) -> dict[str, object]:
    return {**account_params(account_id), "start": start, "end": end}


def return_bounds(
    warehouse: PublishedWarehouse, account_id: str | None
) -> tuple[date, date] | None:
    """Return the first and last day (IST) a return was created, or None without returns."""
    frame = read_frame(
        warehouse,
        f"""
        select min(created_at)::date as first, max(created_at)::date as last
        from marts.returns where {ACCOUNT_CONDITION}
        """,  # noqa: S608 (constant SQL, bound values)
        account_params(account_id),
    )
    first = frame.item(0, "first")
    return None if first is None else (first, frame.item(0, "last"))


def return_totals(
    warehouse: PublishedWarehouse, account_id: str | None, start: date, end: date
) -> dict[str, object]:
    """Count returns and units by type, and sum their loss, over days created in the window."""
    frame = read_frame(
        warehouse,
        f"""
        select count(*) filter (where return_type = 'rto') as rto_returns,
               count(*) filter (where return_type = 'customer_return') as customer_returns,
               coalesce(sum(quantity) filter (where return_type = 'rto'), 0) as rto_units,
               coalesce(sum(quantity) filter (where return_type = 'customer_return'), 0)
                   as customer_return_units,
               coalesce(sum(loss), 0) as loss,
               coalesce(sum(loss) filter (where return_type = 'rto'), 0) as rto_loss
        from marts.returns
        where {ACCOUNT_CONDITION} and created_at::date between $start and $end
        """,  # noqa: S608 (constant SQL, bound values)
        _window(account_id, start, end),
    )
    return frame.row(0, named=True)


def returns_by_reason(
    warehouse: PublishedWarehouse, account_id: str | None, start: date, end: date
) -> pl.DataFrame:
    """Return returns, units and loss per type and reason, the costliest first."""
    return read_frame(
        warehouse,
        f"""
        select return_type, coalesce(reason, 'No reason given') as reason,
               count(*) as returns, sum(quantity)::bigint as units, sum(loss) as loss
        from marts.returns
        where {ACCOUNT_CONDITION} and created_at::date between $start and $end
        group by all
        order by loss desc, returns desc, reason
        """,  # noqa: S608 (constant SQL, bound values)
        _window(account_id, start, end),
    )


def weekly_returns(warehouse: PublishedWarehouse, account_id: str | None) -> pl.DataFrame:
    """Return RTO and customer-return units and loss per week, oldest first."""
    return read_frame(
        warehouse,
        f"""
        select week_start, sum(rto_units)::bigint as rto_units,
               sum(customer_return_units)::bigint as customer_return_units, sum(loss) as loss
        from marts.returns_weekly
        where {ACCOUNT_CONDITION}
        group by 1
        order by 1
        """,  # noqa: S608 (constant SQL, bound values)
        account_params(account_id),
    )


def high_risk_skus(warehouse: PublishedWarehouse, account_id: str | None) -> pl.DataFrame:
    """Return SKUs the marts flag as high RTO risk, highest RTO rate first, with their loss."""
    return read_frame(
        warehouse,
        f"""
        select sku, sum(dispatched_units)::bigint as dispatched_units,
               sum(rto_units)::bigint as rto_units,
               sum(customer_return_units)::bigint as customer_return_units,
               sum(rto_units) / nullif(sum(dispatched_units), 0) as rto_rate,
               sum(loss) as loss
        from marts.sku_returns
        where {ACCOUNT_CONDITION} and is_high_rto_risk
        group by 1
        order by rto_rate desc nulls last, loss desc, sku
        """,  # noqa: S608 (constant SQL, bound values)
        account_params(account_id),
    )
