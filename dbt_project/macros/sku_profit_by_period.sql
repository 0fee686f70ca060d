{#- SKU profit per account and IST calendar period (`day`, `week` starting Monday, `month`),
    from the order_items mart; the three sku_profit_* marts call this with their grain. Only
    kept sales (delivered or open items) count as revenue and units sold; the fees, GST on
    fees and cost of every item of the period count against profit. -#}
{% macro sku_profit_by_period(grain) %}

with

order_items as (

    select * from {{ ref('order_items') }}

),

aggregated as (

    select
        account_id,
        sku,
        cast(date_trunc('{{ grain }}', order_date) as date) as period_start,
        sum(case when outcome in ('open', 'delivered') then quantity else 0 end) as units_sold,
        sum(case when outcome in ('open', 'delivered') then taxable_value else 0 end) as revenue,
        sum(commission) as commission,
        sum(fixed_fee) as fixed_fee,
        sum(collection_fee) as collection_fee,
        sum(forward_shipping) as forward_shipping,
        sum(reverse_shipping) as reverse_shipping,
        sum(marketplace_fees) as marketplace_fees,
        sum(gst_on_fees) as gst_on_fees,
        sum(tcs) as tcs,
        sum(tds) as tds,
        sum(cost_of_goods) as cost_of_goods,
        sum(net_profit) as net_profit,
        bool_and(has_cost) as has_cost

    from order_items
    group by account_id, sku, period_start

),

ranked as (

    select
        *,
        rank() over (
            partition by account_id, period_start order by revenue desc
        ) as revenue_rank

    from aggregated

),

final as (

    select
        cast(account_id as varchar) as account_id,
        cast(sku as varchar) as sku,
        cast(period_start as date) as period_start,
        cast(units_sold as integer) as units_sold,
        cast(revenue as decimal(18, 2)) as revenue,
        cast(commission as decimal(18, 2)) as commission,
        cast(fixed_fee as decimal(18, 2)) as fixed_fee,
        cast(collection_fee as decimal(18, 2)) as collection_fee,
        cast(forward_shipping as decimal(18, 2)) as forward_shipping,
        cast(reverse_shipping as decimal(18, 2)) as reverse_shipping,
        cast(marketplace_fees as decimal(18, 2)) as marketplace_fees,
        cast(gst_on_fees as decimal(18, 2)) as gst_on_fees,
        cast(tcs as decimal(18, 2)) as tcs,
        cast(tds as decimal(18, 2)) as tds,
        cast(cost_of_goods as decimal(18, 2)) as cost_of_goods,
        cast(net_profit as decimal(18, 2)) as net_profit,
        {{ safe_ratio('net_profit', 'revenue') }} as margin,
        cast(has_cost as boolean) as has_cost,
        cast(
            revenue > 0 and revenue_rank <= {{ var('best_seller_top_n') }} as boolean
        ) as is_best_seller,
        cast(net_profit < 0 as boolean) as is_loss_maker

    from ranked

)

select * from final

{% endmacro %}
