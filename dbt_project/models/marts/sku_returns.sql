-- One row per account and SKU: dispatched units, RTO and customer-return units, their rates,
-- the loss on returns and whether the SKU is a high RTO risk. RTO rate = RTO units /
-- dispatched units (domain.md section 4), the only definition used anywhere.

with

order_items as (

    select * from {{ ref('order_items') }}

),

order_states as (

    select * from {{ ref('order_states') }}

),

returns as (

    select * from {{ ref('returns') }}

),

item_units as (

    select
        order_items.account_id,
        order_items.sku,
        sum(order_items.quantity) filter (where order_states.is_dispatched) as dispatched_units,
        sum(order_items.quantity) filter (where order_items.outcome = 'rto') as rto_units,
        sum(order_items.quantity) filter (where order_items.outcome = 'customer_return')
            as customer_return_units

    from order_items
    left join order_states
        on order_items.item_status = order_states.item_status
    group by order_items.account_id, order_items.sku

),

losses as (

    select
        account_id,
        sku,
        sum(loss) as loss

    from returns
    group by account_id, sku

),

final as (

    select
        cast(item_units.account_id as varchar) as account_id,
        cast(item_units.sku as varchar) as sku,
        cast(coalesce(item_units.dispatched_units, 0) as integer) as dispatched_units,
        cast(coalesce(item_units.rto_units, 0) as integer) as rto_units,
        cast(coalesce(item_units.customer_return_units, 0) as integer) as customer_return_units,
        {{ safe_ratio('coalesce(item_units.rto_units, 0)', 'item_units.dispatched_units') }}
            as rto_rate,
        {{ safe_ratio('coalesce(item_units.customer_return_units, 0)',
                      'item_units.dispatched_units') }} as return_rate,
        cast(coalesce(losses.loss, 0) as decimal(18, 2)) as loss,
        cast(
            coalesce(item_units.dispatched_units, 0) >= {{ var('high_rto_min_dispatched_units') }}
            and coalesce(item_units.rto_units, 0)
                >= {{ var('high_rto_rate_threshold') }} * item_units.dispatched_units
            as boolean
        ) as is_high_rto_risk

    from item_units
    left join losses
        on item_units.account_id = losses.account_id
        and item_units.sku = losses.sku

)

select * from final
