-- P&L report order item rows, from the latest imported file that lists each order item.
--
-- Overlapping P&L downloads land as several files. For each order item the row of the file
-- loaded last (ties broken by the larger file hash) wins.

with

latest as (

    {{ latest_report_rows('report_pnl_orders', 'order_item_id') }}

),

final as (

    select
        * exclude (order_item_id, order_id, transactions),
        cast(order_item_id as varchar) as order_item_id,
        cast(order_id as varchar) as order_id,
        cast(date_trunc('month', order_date) as date) as order_month,
        cast(transactions as json) as transactions

    from latest

)

select * from final
