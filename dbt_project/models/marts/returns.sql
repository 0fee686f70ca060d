-- One row per return with its type, reasons and what it cost the seller.

with

returns as (

    select * from {{ ref('stg_flipkart__returns') }}

),

order_items as (

    select * from {{ ref('order_items') }}

),

joined as (

    select
        returns.*,
        order_items.sku,
        -- Only the return that decided the item's outcome carries the item's fees: a cancelled
        -- return costs nothing beyond the sale.
        case
            when returns.return_status != 'cancelled'
                and order_items.outcome = returns.return_type
                then order_items.marketplace_fees + order_items.gst_on_fees
            else 0
        end as loss

    from returns
    left join order_items
        on returns.account_id = order_items.account_id
        and returns.order_item_id = order_items.order_item_id

),

final as (

    select
        cast(return_id as varchar) as return_id,
        cast(account_id as varchar) as account_id,
        cast(order_item_id as varchar) as order_item_id,
        cast(sku as varchar) as sku,
        cast(return_type as varchar) as return_type,
        cast(reason as varchar) as reason,
        cast(sub_reason as varchar) as sub_reason,
        cast(return_status as varchar) as status,
        cast(quantity as integer) as quantity,
        cast(created_at as timestamptz) as created_at,
        cast(completed_at as timestamptz) as completed_at,
        cast(loss as decimal(18, 2)) as loss

    from joined

)

select * from final
