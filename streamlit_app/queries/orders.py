"""Queries of the Orders page: filtered order items, their lifecycle, and one order's detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from sellerops.services.warehouse_reads import PublishedWarehouse
from streamlit_app.queries.filters import ACCOUNT_CONDITION, account_params
from streamlit_app.queries.source import read_frame

# Rows the table shows. The count above it covers every row that matches.
MAX_TABLE_ROWS = 500
STAGES = ("CREATED", "PACKED", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED")
PAYMENT_TYPES = ("COD", "PREPAID")


@dataclass(frozen=True)
class OrderFilters:
    """The Orders page's filters, where an empty tuple leaves that column unrestricted."""

    start: date
    end: date
    stages: tuple[str, ...] = ()
    skus: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    payment_types: tuple[str, ...] = ()
    account_id: str | None = None

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(
                f"The date range starts on {self.start} after it ends on {self.end}; pick a "
                f"start date on or before the end date."
            )

    def where(self) -> tuple[str, dict[str, Any]]:
        """Return the WHERE clause over `marts.order_items` and its named parameters."""
        conditions = [ACCOUNT_CONDITION, "order_date between $start and $end"]
        params: dict[str, Any] = {
            **account_params(self.account_id),
            "start": self.start,
            "end": self.end,
        }
        for column, name, values in (
            ("current_stage", "stages", self.stages),
            ("sku", "skus", self.skus),
            ("delivery_state", "states", self.states),
            ("payment_type", "payment_types", self.payment_types),
        ):
            if values:
                conditions.append(f"list_contains(${name}, {column})")
                params[name] = list(values)
        return " and ".join(conditions), params


def date_bounds(warehouse: PublishedWarehouse, account_id: str | None) -> tuple[date, date] | None:
    """Return the first and last order day, or None when there are no orders."""
    frame = read_frame(
        warehouse,
        f"""
        select min(order_date) as first, max(order_date) as last
        from marts.order_items where {ACCOUNT_CONDITION}
        """,  # noqa: S608 (constant SQL, bound values)
        account_params(account_id),
    )
    first, last = frame.item(0, "first"), frame.item(0, "last")
    return None if first is None else (first, last)


def filter_options(warehouse: PublishedWarehouse, account_id: str | None) -> dict[str, list[str]]:
    """Return the SKUs and delivery states the filters offer, sorted."""
    params = account_params(account_id)
    options = {}
    for column in ("sku", "delivery_state"):
        frame = read_frame(
            warehouse,
            f"""
            select distinct {column} as value from marts.order_items
            where {ACCOUNT_CONDITION} and {column} is not null order by 1
            """,  # noqa: S608 (constant SQL, bound values)
            params,
        )
        options[column] = frame.get_column("value").to_list()
    return options


def order_items(
    warehouse: PublishedWarehouse, filters: OrderFilters, *, with_profit: bool
) -> pl.DataFrame:
    """Return the newest `MAX_TABLE_ROWS` matching items (`net_profit` only `with_profit`)."""
    where, params = filters.where()
    profit = ", net_profit" if with_profit else ""
    return read_frame(
        warehouse,
        f"""
        select order_id, order_item_id, ordered_at, sku, title, quantity, order_item_value,
               payment_type, delivery_state, current_stage, outcome{profit}
        from marts.order_items
        where {where}
        order by ordered_at desc, order_item_id
        limit {MAX_TABLE_ROWS}
        """,  # noqa: S608 (constant SQL, bound values)
        params,
    )


def lifecycle_counts(warehouse: PublishedWarehouse, filters: OrderFilters) -> dict[str, int]:
    """Count the matching order items that reached each step of the lifecycle.

    A step counts as reached from the item's current stage, because a sync that first fetches
    an item after it moved on never records the earlier steps' times.
    """
    where, params = filters.where()
    frame = read_frame(
        warehouse,
        f"""
        select count(*) as ordered,
               count(*) filter (
                   where current_stage in ('PACKED', 'SHIPPED', 'DELIVERED', 'RETURNED')
               ) as packed,
               count(*) filter (
                   where current_stage in ('SHIPPED', 'DELIVERED', 'RETURNED')
               ) as shipped,
               count(*) filter (
                   where current_stage = 'DELIVERED' or outcome = 'customer_return'
               ) as delivered,
               count(*) filter (where current_stage = 'CANCELLED') as cancelled,
               count(*) filter (where outcome = 'rto') as rto,
               count(*) filter (where outcome = 'customer_return') as customer_returns
        from marts.order_items
        where {where}
        """,  # noqa: S608 (constant SQL, bound values)
        params,
    )
    return frame.row(0, named=True)


def order_detail(
    warehouse: PublishedWarehouse, account_id: str | None, order_id: str
) -> pl.DataFrame:
    """Return every item of `order_id`: product, price, GST split and lifecycle times."""
    return read_frame(
        warehouse,
        f"""
        select order_item_id, shipment_id, account_id, sku, title, hsn, quantity,
               unit_price, selling_price, shipping_charge, flipkart_discount, order_item_value,
               payment_type, delivery_city, delivery_state, delivery_pincode, invoice_number,
               gst_rate, taxable_value, cgst_amount, sgst_amount, igst_amount,
               current_stage, outcome, created_at, packed_at, ready_to_dispatch_at,
               shipped_at, delivered_at, cancelled_at, returned_at
        from marts.order_items
        where {ACCOUNT_CONDITION} and order_id = $order_id
        order by order_item_id
        """,  # noqa: S608 (constant SQL, bound values)
        {**account_params(account_id), "order_id": order_id},
    )


def order_fees(
    warehouse: PublishedWarehouse, account_id: str | None, order_id: str
) -> pl.DataFrame:
    """Return every item's fees, taxes withheld, cost of goods and profit."""
    return read_frame(
        warehouse,
        f"""
        select order_item_id, commission, fixed_fee, collection_fee, forward_shipping,
               reverse_shipping, marketplace_fees, gst_on_fees, tcs, tds, cost_of_goods,
               net_profit, bank_settlement_estimate, fee_source, has_cost
        from marts.order_items
        where {ACCOUNT_CONDITION} and order_id = $order_id
        order by order_item_id
        """,  # noqa: S608 (constant SQL, bound values)
        {**account_params(account_id), "order_id": order_id},
    )
