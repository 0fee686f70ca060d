-- One row per order item: each marketplace fee predicted from the rate card, and GST on them.
--
-- A rule applies when its category, tier, fulfilment, payment type and zone are `*` or equal
-- the item's, its slab contains the item's value (slab_min < value <= slab_max, where the value is
-- one unit's price or chargeable weight) and its dates include the IST order date. The applicable
-- rule with the fewest `*` wins. Which fees an item pays depends on its outcome
-- (seeds/README.md). Each fee is rounded half up to paise; GST is charged on their sum.

with

items as (

    select * from {{ ref('int_order_items_enriched') }}

),

rate_card as (

    select * from {{ ref('rate_card') }}

),

fee_types as (

    select * from (
        values
            ('commission'),
            ('fixed_fee'),
            ('collection_fee'),
            ('forward_shipping'),
            ('reverse_shipping')
    ) as fee_types (fee_type)

),

charged as (

    select
        items.order_item_id,
        items.account_id,
        items.category,
        items.tier,
        items.fulfilment,
        items.payment_type,
        items.zone,
        items.quantity,
        items.selling_price,
        items.order_item_value,
        items.unit_weight_g,
        items.order_date,
        fee_types.fee_type

    from items
    cross join fee_types
    where
        case fee_types.fee_type
            when 'commission' then items.outcome in ('open', 'delivered')
            when 'fixed_fee' then items.outcome in ('open', 'delivered', 'customer_return')
            when 'collection_fee' then items.outcome in ('open', 'delivered', 'customer_return')
            when 'forward_shipping' then items.outcome != 'cancelled'
            when 'reverse_shipping' then items.outcome in ('rto', 'customer_return')
        end

),

matched as (

    select
        charged.account_id,
        charged.order_item_id,
        charged.fee_type,
        rate_card.basis,
        rate_card.value,
        charged.order_item_value,
        charged.quantity

    from charged
    inner join rate_card
        on charged.fee_type = rate_card.fee_type
        and rate_card.category in ('*', charged.category)
        and rate_card.tier in ('*', charged.tier)
        and rate_card.fulfilment in ('*', charged.fulfilment)
        and rate_card.payment_type in ('*', charged.payment_type)
        and rate_card.zone in ('*', charged.zone)
        and rate_card.effective_from <= charged.order_date
        and (rate_card.effective_to is null or charged.order_date <= rate_card.effective_to)
        and case rate_card.slab_basis
            -- Price slabs compare one unit's price without dividing the line total.
            when 'price' then
                rate_card.slab_min * charged.quantity < charged.selling_price
                and (
                    rate_card.slab_max is null
                    or charged.selling_price <= rate_card.slab_max * charged.quantity
                )
            when 'weight_g' then
                rate_card.slab_min < charged.unit_weight_g
                and (rate_card.slab_max is null or charged.unit_weight_g <= rate_card.slab_max)
        end
    qualify row_number() over (
        partition by charged.account_id, charged.order_item_id, charged.fee_type
        order by
            (rate_card.category != '*')::integer
            + (rate_card.tier != '*')::integer
            + (rate_card.fulfilment != '*')::integer
            + (rate_card.payment_type != '*')::integer
            + (rate_card.zone != '*')::integer desc,
            rate_card.effective_from desc
    ) = 1

),

amounts as (

    select
        account_id,
        order_item_id,
        fee_type,
        case basis
            when 'percent' then {{ to_paise('order_item_value * value * 0.01') }}
            when 'flat' then {{ to_paise('value * quantity') }}
        end as amount

    from matched

),

pivoted as (

    select
        items.account_id,
        items.order_item_id,
        {% for fee_type in ['commission', 'fixed_fee', 'collection_fee', 'forward_shipping',
                            'reverse_shipping'] %}
        cast(
            coalesce(sum(amounts.amount) filter (where amounts.fee_type = '{{ fee_type }}'), 0)
            as decimal(18, 2)
        ) as {{ fee_type }},
        {% endfor %}
        cast(coalesce(sum(amounts.amount), 0) as decimal(18, 2)) as marketplace_fees

    from items
    left join amounts
        on items.account_id = amounts.account_id
        and items.order_item_id = amounts.order_item_id
    group by items.account_id, items.order_item_id

),

final as (

    select
        *,
        {{ to_paise('marketplace_fees * ' ~ var('gst_on_fees_percent') ~ ' * 0.01') }}
            as gst_on_fees

    from pivoted

)

select * from final
