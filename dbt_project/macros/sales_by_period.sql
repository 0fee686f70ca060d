{#- Sales per account and IST calendar period (`day`, `week` starting Monday, `month`) by order
    date, from the order_items mart; the three sales_* marts call this with their grain. -#}
{% macro sales_by_period(grain) %}

with

order_items as (

    select * from {{ ref('order_items') }}

),

aggregated as (

    select
        account_id,
        cast(date_trunc('{{ grain }}', order_date) as date) as period_start,
        count(distinct order_id) as orders,
        count(*) as items,
        sum(quantity) as units,
        sum(order_item_value) as gross_value,
        count(*) filter (where outcome = 'cancelled') as cancelled_items,
        coalesce(sum(order_item_value) filter (where outcome = 'cancelled'), 0)
            as cancelled_value,
        count(*) filter (where outcome = 'rto') as rto_items,
        coalesce(sum(order_item_value) filter (where outcome = 'rto'), 0) as rto_value,
        count(*) filter (where outcome = 'customer_return') as customer_return_items,
        coalesce(sum(order_item_value) filter (where outcome = 'customer_return'), 0)
            as customer_return_value,
        coalesce(sum(quantity) filter (where outcome in ('open', 'delivered')), 0) as net_units,
        coalesce(sum(order_item_value) filter (where outcome in ('open', 'delivered')), 0)
            as net_sales

    from order_items
    group by account_id, period_start

),

final as (

    select
        cast(account_id as varchar) as account_id,
        cast(period_start as date) as period_start,
        cast(orders as integer) as orders,
        cast(items as integer) as items,
        cast(units as integer) as units,
        cast(gross_value as decimal(18, 2)) as gross_value,
        cast(cancelled_items as integer) as cancelled_items,
        cast(cancelled_value as decimal(18, 2)) as cancelled_value,
        cast(rto_items as integer) as rto_items,
        cast(rto_value as decimal(18, 2)) as rto_value,
        cast(customer_return_items as integer) as customer_return_items,
        cast(customer_return_value as decimal(18, 2)) as customer_return_value,
        cast(net_units as integer) as net_units,
        cast(net_sales as decimal(18, 2)) as net_sales

    from aggregated

)

select * from final

{% endmacro %}
