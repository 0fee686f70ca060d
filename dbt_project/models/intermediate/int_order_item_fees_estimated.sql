-- One row per order item: each marketplace fee predicted from the rate card, and GST on them.
--
-- A rule applies when its category, tier, fulfilment, payment type and zone are `*` or equal
-- the item's, its slab contains the item's value (slab_min < value <= slab_max, where the value is
-- one unit's price or chargeable weight) and its dates include the IST order date. The applicable
-- rule with the fewest `*` wins. Which fees an item pays depends on its outcome
-- (seeds/README.md). Each fee is rounded half up to paise; GST is charged on their sum.
--
-- A fee is 0 when the outcome waives it, or when no rule applies to inputs that are all known.
-- It is NULL ("cannot estimate") when a rule that could apply needs an input the item lacks: a
-- category, tier, fulfilment, payment type or zone that the rule names, or the unit price or
-- chargeable weight that its slab measures. Without the input, the fee could be any of those
-- rules' fees or none. missing_fee_inputs names such inputs, and a NULL fee makes
-- marketplace_fees and gst_on_fees NULL too.

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

-- The rules that could apply: with every input known, exactly the rules that apply. A rule that
-- names a category, tier, fulfilment, payment type or zone the item lacks (NULL), or whose slab
-- measures a value the item lacks, could apply too, and needed_inputs names those inputs.
candidates as (

    select
        charged.account_id,
        charged.order_item_id,
        charged.fee_type,
        charged.order_item_value,
        charged.quantity,
        rate_card.basis,
        rate_card.value,
        rate_card.effective_from,
        (rate_card.category != '*')::integer
        + (rate_card.tier != '*')::integer
        + (rate_card.fulfilment != '*')::integer
        + (rate_card.payment_type != '*')::integer
        + (rate_card.zone != '*')::integer as named_columns,
        list_value(
            case when rate_card.category != '*' and charged.category is null then 'category' end,
            case when rate_card.tier != '*' and charged.tier is null then 'tier' end,
            case
                when rate_card.fulfilment != '*' and charged.fulfilment is null then 'fulfilment'
            end,
            case
                when rate_card.payment_type != '*' and charged.payment_type is null
                    then 'payment_type'
            end,
            case when rate_card.zone != '*' and charged.zone is null then 'zone' end,
            case
                when rate_card.slab_basis = 'price' and charged.selling_price is null
                    then 'selling_price'
            end,
            case
                when rate_card.slab_basis = 'weight_g' and charged.unit_weight_g is null
                    then 'chargeable_weight'
            end
        ) as needed_inputs

    from charged
    inner join rate_card
        on charged.fee_type = rate_card.fee_type
        and (charged.category is null or rate_card.category in ('*', charged.category))
        and (charged.tier is null or rate_card.tier in ('*', charged.tier))
        and (charged.fulfilment is null or rate_card.fulfilment in ('*', charged.fulfilment))
        and (
            charged.payment_type is null or rate_card.payment_type in ('*', charged.payment_type)
        )
        and (charged.zone is null or rate_card.zone in ('*', charged.zone))
        and rate_card.effective_from <= charged.order_date
        and (rate_card.effective_to is null or charged.order_date <= rate_card.effective_to)
        and case rate_card.slab_basis
            -- Price slabs compare one unit's price without dividing the line total.
            when 'price' then
                charged.selling_price is null
                or (
                    rate_card.slab_min * charged.quantity < charged.selling_price
                    and (
                        rate_card.slab_max is null
                        or charged.selling_price <= rate_card.slab_max * charged.quantity
                    )
                )
            when 'weight_g' then
                charged.unit_weight_g is null
                or (
                    rate_card.slab_min < charged.unit_weight_g
                    and (
                        rate_card.slab_max is null or charged.unit_weight_g <= rate_card.slab_max
                    )
                )
        end

),

-- The winning rule is only used when no input is missing; estimates discards it otherwise.
matched as (

    select *
    from candidates
    qualify row_number() over (
        partition by account_id, order_item_id, fee_type
        order by named_columns desc, effective_from desc
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

-- list_distinct drops the NULLs that stand for inputs a rule does not need.
missing as (

    select
        account_id,
        order_item_id,
        fee_type,
        list_sort(list_distinct(flatten(list(needed_inputs)))) as missing_inputs

    from candidates
    group by account_id, order_item_id, fee_type

),

estimates as (

    select
        charged.account_id,
        charged.order_item_id,
        charged.fee_type,
        coalesce(missing.missing_inputs, []) as missing_inputs,
        case
            when len(missing.missing_inputs) > 0 then null
            else coalesce(amounts.amount, 0)
        end as amount

    from charged
    left join amounts
        on charged.account_id = amounts.account_id
        and charged.order_item_id = amounts.order_item_id
        and charged.fee_type = amounts.fee_type
    left join missing
        on charged.account_id = missing.account_id
        and charged.order_item_id = missing.order_item_id
        and charged.fee_type = missing.fee_type

),

-- A fee the outcome waives has no estimates row and is 0; max() keeps a NULL estimate NULL
-- because each item has at most one row per fee type.
pivoted as (

    select
        items.account_id,
        items.order_item_id,
        {% for fee_type in ['commission', 'fixed_fee', 'collection_fee', 'forward_shipping',
                            'reverse_shipping'] %}
        cast(
            case
                when count(estimates.fee_type) filter (
                    where estimates.fee_type = '{{ fee_type }}'
                ) = 0 then 0
                else max(estimates.amount) filter (where estimates.fee_type = '{{ fee_type }}')
            end
            as decimal(18, 2)
        ) as {{ fee_type }},
        {% endfor %}
        list_sort(list_distinct(flatten(list(estimates.missing_inputs)))) as missing_inputs

    from items
    left join estimates
        on items.account_id = estimates.account_id
        and items.order_item_id = estimates.order_item_id
    group by items.account_id, items.order_item_id

),

summed as (

    select
        account_id,
        order_item_id,
        commission,
        fixed_fee,
        collection_fee,
        forward_shipping,
        reverse_shipping,
        cast(
            commission + fixed_fee + collection_fee + forward_shipping + reverse_shipping
            as decimal(18, 2)
        ) as marketplace_fees,
        len(missing_inputs) = 0 as has_fee_estimate,
        nullif(array_to_string(missing_inputs, ', '), '') as missing_fee_inputs

    from pivoted

),

final as (

    select
        account_id,
        order_item_id,
        commission,
        fixed_fee,
        collection_fee,
        forward_shipping,
        reverse_shipping,
        marketplace_fees,
        {{ to_paise('marketplace_fees * ' ~ var('gst_on_fees_percent') ~ ' * 0.01') }}
            as gst_on_fees,
        has_fee_estimate,
        missing_fee_inputs

    from summed

)

select * from final
