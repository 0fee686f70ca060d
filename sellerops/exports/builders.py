"""Export builders: one SQL query per report over the warehouse marts, returned as polars frames.

Every builder takes a DuckDB connection (the published copy, read-only) and an `ExportRequest`
and reads only marts, so the figures match the dashboard's. Periods are IST calendar days,
both ends included; money stays DECIMAL(18,2) and arrives as polars Decimal.
"""

from __future__ import annotations

import duckdb
import polars as pl

from sellerops.exports.request import ExportRequest

# Every query takes the period as $start and $end and the account as $account_id (NULL = all).


def sales(connection: duckdb.DuckDBPyConnection, request: ExportRequest) -> pl.DataFrame:
    """Daily sales: orders, units, gross value, cancellations, RTO, customer returns, net sales."""
    sql = """
        select
            period_start as day,
            cast(sum(orders) as bigint) as orders,
            cast(sum(units) as bigint) as units,
            cast(sum(gross_value) as decimal(18, 2)) as gross_value,
            cast(sum(cancelled_items) as bigint) as cancelled_items,
            cast(sum(cancelled_value) as decimal(18, 2)) as cancelled_value,
            cast(sum(rto_items) as bigint) as rto_items,
            cast(sum(rto_value) as decimal(18, 2)) as rto_value,
            cast(sum(customer_return_items) as bigint) as customer_return_items,
            cast(sum(customer_return_value) as decimal(18, 2)) as customer_return_value,
            cast(sum(net_units) as bigint) as net_units,
            cast(sum(net_sales) as decimal(18, 2)) as net_sales
        from marts.sales_daily
        where period_start between $start and $end
            and ($account_id is null or account_id = $account_id)
        group by period_start
        order by period_start
    """
    return _frame(connection, sql, request)


def profit(connection: duckdb.DuckDBPyConnection, request: ExportRequest) -> pl.DataFrame:
    """Profit per SKU over the period: revenue, every fee, cost of goods, net profit, margin."""
    sql = """
        select
            sku,
            cast(sum(units_sold) as bigint) as units_sold,
            cast(sum(revenue) as decimal(18, 2)) as revenue,
            cast(sum(commission) as decimal(18, 2)) as commission,
            cast(sum(fixed_fee) as decimal(18, 2)) as fixed_fee,
            cast(sum(collection_fee) as decimal(18, 2)) as collection_fee,
            cast(sum(forward_shipping) as decimal(18, 2)) as forward_shipping,
            cast(sum(reverse_shipping) as decimal(18, 2)) as reverse_shipping,
            cast(sum(marketplace_fees) as decimal(18, 2)) as marketplace_fees,
            cast(sum(gst_on_fees) as decimal(18, 2)) as gst_on_fees,
            cast(sum(cost_of_goods) as decimal(18, 2)) as cost_of_goods,
            cast(sum(net_profit) as decimal(18, 2)) as net_profit,
            cast(sum(net_profit) / nullif(sum(revenue), 0) as decimal(9, 4)) as margin,
            bool_and(has_cost) as has_cost
        from marts.sku_profit_daily
        where period_start between $start and $end
            and ($account_id is null or account_id = $account_id)
        group by sku
        order by net_profit desc nulls last, sku
    """
    return _frame(connection, sql, request)


def returns(connection: duckdb.DuckDBPyConnection, request: ExportRequest) -> pl.DataFrame:
    """Every return created in the period, with its reason, status and the fees it cost."""
    sql = """
        select
            return_id,
            order_item_id,
            sku,
            return_type,
            reason,
            sub_reason,
            status,
            quantity,
            strftime(created_at, '%Y-%m-%d %H:%M') as created_at_ist,
            strftime(completed_at, '%Y-%m-%d %H:%M') as completed_at_ist,
            loss
        from marts.returns
        where cast(created_at as date) between $start and $end
            and ($account_id is null or account_id = $account_id)
        order by created_at, return_id
    """
    return _frame(connection, sql, request)


def gst_summary(connection: duckdb.DuckDBPyConnection, request: ExportRequest) -> pl.DataFrame:
    """Output GST of kept sales by place of supply (delivery state) and rate.

    Kept sales are items neither cancelled nor returned, counted by order date.
    """
    # NOTE: GST returns count supplies by invoice date, but the marts carry no invoice date.
    # An item ordered on the last day of a month and invoiced the next falls in the earlier one.
    sql = """
        select
            delivery_state_code as state_code,
            delivery_state as state,
            gst_rate,
            count(*) as items,
            cast(sum(quantity) as bigint) as units,
            cast(sum(taxable_value) as decimal(18, 2)) as taxable_value,
            cast(sum(cgst_amount) as decimal(18, 2)) as cgst,
            cast(sum(sgst_amount) as decimal(18, 2)) as sgst,
            cast(sum(igst_amount) as decimal(18, 2)) as igst,
            cast(sum(cgst_amount + sgst_amount + igst_amount) as decimal(18, 2)) as total_tax
        from marts.order_items
        where outcome in ('open', 'delivered')
            and order_date between $start and $end
            and ($account_id is null or account_id = $account_id)
        group by delivery_state_code, delivery_state, gst_rate
        order by delivery_state_code, gst_rate
    """
    return _frame(connection, sql, request)


def reconciliation(connection: duckdb.DuckDBPyConnection, request: ExportRequest) -> pl.DataFrame:
    """Settlement reconciliation per order item ordered in the period, worst variance first."""
    sql = """
        select
            order_item_id,
            order_id,
            order_date,
            outcome,
            expected_settlement,
            settled_amount,
            settlement_variance,
            expected_marketplace_fees,
            charged_marketplace_fees,
            payment_status,
            last_payment_date,
            verdict
        from marts.settlement_reconciliation
        where order_date between $start and $end
            and ($account_id is null or account_id = $account_id)
        order by abs(settlement_variance) desc nulls last, order_item_id
    """
    return _frame(connection, sql, request)


def _frame(connection: duckdb.DuckDBPyConnection, sql: str, request: ExportRequest) -> pl.DataFrame:
    parameters = {"start": request.start, "end": request.end, "account_id": request.account_id}
    table = connection.sql(sql, params=parameters).to_arrow_table()
    return pl.DataFrame(table)
