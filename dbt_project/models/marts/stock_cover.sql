-- One row per SKU and location: stock from the ledger, sales velocity over the recent window,
-- days of cover and a reorder suggestion. The arithmetic matches sellerops.inventory.cover.

{% set window_days = var('stock_cover_window_days') %}
{% set lead_time_days = var('reorder_lead_time_days') %}
{% set target_cover_days = var('reorder_target_cover_days') %}

with

levels as (

    select * from {{ ref('stg_sellerops__stock_levels') }}

),

skus as (

    select * from {{ ref('stg_sellerops__sku_master') }}

),

order_items as (

    select * from {{ ref('order_items') }}

),

sync_log as (

    select * from {{ ref('stg_sellerops__sync_log') }}

),

clock as (

    -- Flipkart's clock at the latest sync, so a rebuild of old data gives the same figures.
    select max(server_time) as as_of from sync_log

),

recent_sales as (

    select
        order_items.sku,
        order_items.location_id,
        sum(order_items.quantity) as units_sold

    from order_items
    cross join clock
    where
        order_items.item_status <> 'CANCELLED'
        and order_items.ordered_at > clock.as_of - interval ({{ window_days }}) day
        and order_items.ordered_at <= clock.as_of
    group by 1, 2

),

velocity as (

    select
        levels.*,
        coalesce(recent_sales.units_sold, 0) as units_sold,
        round(coalesce(recent_sales.units_sold, 0) / {{ window_days }}, 3) as daily_velocity

    from levels
    left join recent_sales
        on levels.sku = recent_sales.sku
        and levels.location_id = recent_sales.location_id

),

final as (

    select
        cast(velocity.sku as varchar) as sku,
        cast(velocity.location_id as varchar) as location_id,
        cast(skus.title as varchar) as title,
        cast(skus.category as varchar) as category,

        cast(velocity.on_hand as integer) as on_hand,
        cast(velocity.reserved as integer) as reserved,
        cast(velocity.damaged as integer) as damaged,
        cast(velocity.available as integer) as available,
        cast(velocity.safety_buffer as integer) as safety_buffer,
        cast(velocity.low_stock_threshold as integer) as low_stock_threshold,

        cast(velocity.units_sold as integer) as units_sold_in_window,
        cast(velocity.daily_velocity as decimal(18, 3)) as daily_velocity,
        cast(
            case
                when velocity.daily_velocity > 0
                    then round(greatest(velocity.available, 0) / velocity.daily_velocity, 1)
            end as decimal(18, 1)
        ) as days_of_cover,
        cast(
            greatest(
                ceil(
                    velocity.daily_velocity * ({{ lead_time_days }} + {{ target_cover_days }})
                    - greatest(velocity.available, 0)
                ),
                0
            ) as integer
        ) as reorder_quantity,

        cast(velocity.available <= 0 as boolean) as is_out_of_stock,
        cast(
            case
                when velocity.low_stock_threshold is not null
                    then velocity.available <= velocity.low_stock_threshold
                else velocity.daily_velocity > 0
                    and greatest(velocity.available, 0) / velocity.daily_velocity
                    < {{ lead_time_days }}
            end as boolean
        ) as is_low_stock

    from velocity
    left join skus on velocity.sku = skus.sku

)

select * from final
