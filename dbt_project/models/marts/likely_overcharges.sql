-- One row per order item and fee type that Flipkart charged above the rate card by more than
-- the tolerance, with the GST charged on the excess and the account's total claim.
--
-- Only the five fees the rate card predicts are compared. The other fees have no prediction,
-- so settlement_reconciliation shows them as variance without calling them overcharges. A fee
-- the rate card cannot estimate for the item (expected amount NULL) is never listed.

{% set tolerance = var('settlement_tolerance_rupees') %}
{% set fee_types = ['commission', 'fixed_fee', 'collection_fee', 'shipping_fee',
                    'reverse_shipping_fee'] %}

with

reconciliation as (

    select * from {{ ref('settlement_reconciliation') }}

),

fee_variances as (

    {% for fee_type in fee_types %}
    select
        account_id,
        order_item_id,
        order_id,
        '{{ fee_type }}' as fee_type,
        expected_{{ fee_type }} as expected_amount,
        charged_{{ fee_type }} as charged_amount,
        {{ fee_type }}_variance as variance,
        payment_status,
        last_payment_date

    from reconciliation
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

overcharges as (

    select
        *,
        variance as overcharge_amount,
        {{ to_paise('variance * ' ~ var('gst_on_fees_percent') ~ ' * 0.01') }}
            as gst_on_overcharge

    from fee_variances
    where expected_amount is not null and variance > {{ tolerance }}

),

final as (

    select
        -- ids
        cast(order_item_id as varchar) as order_item_id,
        cast(account_id as varchar) as account_id,
        cast(order_id as varchar) as order_id,
        cast(fee_type as varchar) as fee_type,

        -- amounts
        cast(expected_amount as decimal(18, 2)) as expected_amount,
        cast(charged_amount as decimal(18, 3)) as charged_amount,
        cast(overcharge_amount as decimal(18, 3)) as overcharge_amount,
        cast(gst_on_overcharge as decimal(18, 2)) as gst_on_overcharge,
        cast(overcharge_amount + gst_on_overcharge as decimal(18, 3)) as claim_amount,
        cast(
            sum(overcharge_amount + gst_on_overcharge) over (partition by account_id)
            as decimal(18, 3)
        ) as account_claim_total,

        -- payment
        cast(payment_status as varchar) as payment_status,
        cast(last_payment_date as date) as last_payment_date

    from overcharges

)

select * from final
