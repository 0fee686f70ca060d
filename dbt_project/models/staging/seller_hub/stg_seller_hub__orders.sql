-- Orders report rows, from the latest imported file that lists each order item.
--
-- For each order item the row of the file loaded last (ties broken by the larger file hash)
-- wins.

with

latest as (

    {{ latest_report_rows('report_orders', 'order_item_id') }}

),

final as (

    select
        * exclude (order_item_id, order_id, shipment_id),
        cast(order_item_id as varchar) as order_item_id,
        cast(order_id as varchar) as order_id,
        cast(shipment_id as varchar) as shipment_id

    from latest

)

select * from final
