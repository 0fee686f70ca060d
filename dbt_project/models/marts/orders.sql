-- One row per order: its items summed, and the stage of the order as a whole.

with

order_items as (

    select * from {{ ref('order_items') }}

),

order_states as (

    select distinct lifecycle_stage, stage_rank from {{ ref('order_states') }}

),

ranked as (

    select
        order_items.*,
        order_states.stage_rank

    from order_items
    left join order_states
        on order_items.current_stage = order_states.lifecycle_stage

),

aggregated as (

    select
        order_id,
        any_value(account_id) as account_id,
        min(ordered_at) as ordered_at,
        min(order_date) as order_date,
        count(*) as item_count,
        sum(quantity) as units,
        sum(order_item_value) as order_value,
        sum(net_profit) as net_profit,
        -- The least advanced stage among items still in play (not cancelled or returned).
        arg_min(current_stage, stage_rank)
            filter (where current_stage not in ('CANCELLED', 'RETURNED')) as open_stage,
        count(*) filter (where current_stage = 'RETURNED') as returned_items

    from ranked
    group by order_id

),

final as (

    select
        cast(order_id as varchar) as order_id,
        cast(account_id as varchar) as account_id,
        cast(ordered_at as timestamptz) as ordered_at,
        cast(order_date as date) as order_date,
        cast(item_count as integer) as item_count,
        cast(units as integer) as units,
        cast(order_value as decimal(18, 2)) as order_value,
        cast(
            case
                when open_stage is not null then open_stage
                when returned_items > 0 then 'RETURNED'
                else 'CANCELLED'
            end as varchar
        ) as stage,
        cast(net_profit as decimal(18, 2)) as net_profit

    from aggregated

)

select * from final
