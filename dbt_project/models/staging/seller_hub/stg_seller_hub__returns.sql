-- Returns report rows, from the latest imported file that lists each return.
--
-- For each return the row of the file loaded last (ties broken by the larger file hash) wins.

with

latest as (

    {{ latest_report_rows('report_returns', 'return_id') }}

),

final as (

    select
        * exclude (return_id, order_item_id, order_id),
        cast(return_id as varchar) as return_id,
        cast(order_item_id as varchar) as order_item_id,
        cast(order_id as varchar) as order_id

    from latest

)

select * from final
