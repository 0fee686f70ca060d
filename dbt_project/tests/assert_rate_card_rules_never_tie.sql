-- No two rules of the same fee type and the same specificity (count of non-`*` columns) can
-- both apply to one item: where their columns, slabs and dates all overlap, the winner would
-- depend on row order (threshold: 0 pairs).

with

rules as (

    select
        row_number() over () as rule_number,
        *,
        (category != '*')::integer + (tier != '*')::integer + (fulfilment != '*')::integer
        + (payment_type != '*')::integer + (zone != '*')::integer as specificity

    from {{ ref('rate_card') }}

)

select
    first_rule.fee_type,
    first_rule.rule_number as first_rule_number,
    second_rule.rule_number as second_rule_number

from rules as first_rule
inner join rules as second_rule
    on first_rule.fee_type = second_rule.fee_type
    and first_rule.rule_number < second_rule.rule_number
    and first_rule.specificity = second_rule.specificity
    and (first_rule.category = second_rule.category
        or '*' in (first_rule.category, second_rule.category))
    and (first_rule.tier = second_rule.tier or '*' in (first_rule.tier, second_rule.tier))
    and (first_rule.fulfilment = second_rule.fulfilment
        or '*' in (first_rule.fulfilment, second_rule.fulfilment))
    and (first_rule.payment_type = second_rule.payment_type
        or '*' in (first_rule.payment_type, second_rule.payment_type))
    and (first_rule.zone = second_rule.zone or '*' in (first_rule.zone, second_rule.zone))
    and first_rule.slab_min < coalesce(second_rule.slab_max, 1e15)
    and second_rule.slab_min < coalesce(first_rule.slab_max, 1e15)
    and first_rule.effective_from <= coalesce(second_rule.effective_to, date '9999-12-31')
    and second_rule.effective_from <= coalesce(first_rule.effective_to, date '9999-12-31')
