-- Settlement report rows of the latest imported file that lists each order item.
--
-- A period downloaded twice lands as two files. For each order item only the rows of the file
-- loaded last (ties broken by the larger file hash) are kept, so no amount is counted twice.
-- NOTE: Seller Hub writes one settlement file per NEFT transfer, so when a sale and its refund
-- are paid in two transfers, only the later file's rows are kept for the item.

with

latest as (

    {{ latest_report_rows('report_settlement_rows', 'order_item_id') }}

),

final as (

    select
        * exclude (neft_id, order_item_id, order_id),
        cast(order_item_id as varchar) as order_item_id,
        cast(order_id as varchar) as order_id,
        nullif(trim(neft_id), '') as neft_id

    from latest

)

select * from final
