-- One row per account, month and line of the Seller Hub P&L "Overall Summary": the line
-- computed from the order item rows beside the line the report states, and whether they match.
--
-- The computed lines follow ingestion.reports.pnl_summary.compute_pnl_summary: amounts are
-- sums of one order row column, unit deductions are printed negative, the expected settlement
-- equals the projected one, pending is projected minus paid and the margin is earnings over
-- accounted net sales. The sheet zeroes the price of returned and cancelled items, so the
-- amounts of gross sales, returns and cancellations cannot be computed. Storage, recall and
-- non-order SPF are charged per SKU. Those computed amounts are NULL and not compared.
-- Stated lines come from the latest file (by load time, then file hash) whose order rows all
-- fall in the month.
-- NOTE: a file covering part of a month is compared with every order row of that month.

{% set tolerance = var('settlement_tolerance_rupees') %}
{% set summed_amounts = {
    'estimated_net_sales': 'estimated_net_sales',
    'accounted_net_sales': 'accounted_net_sales',
    'total_expenses': 'total_expenses',
    'commission_fee': 'commission_fee',
    'collection_fee': 'collection_fee',
    'fixed_fee': 'fixed_fee',
    'pick_and_pack_fee': 'pick_and_pack_fee',
    'forward_shipping_fee': 'forward_shipping_fee',
    'offer_adjustments': 'offer_adjustments',
    'reverse_shipping_fee': 'reverse_shipping_fee',
    'no_cost_emi_fee_reimbursement': 'no_cost_emi_fee_reimbursement',
    'installation_fee': 'installation_fee',
    'tech_visit_fee': 'tech_visit_fee',
    'uninstallation_packaging_fee': 'uninstallation_packaging_fee',
    'customer_addons_recovery': 'customer_addons_recovery',
    'franchise_fee': 'franchise_fee',
    'shopsy_marketing_fee': 'shopsy_marketing_fee',
    'product_cancellation_fee': 'product_cancellation_fee',
    'gst': 'gst',
    'tcs': 'tcs',
    'tds': 'tds',
    'rewards_and_benefits': 'total_benefits',
    'rewards': 'rewards',
    'order_spf': 'spf_payout',
    'bank_settlement': 'bank_settlement_projected',
    'input_tax_credits': 'input_tax_credits',
    'input_tax_credits_gst_tcs': 'input_tax_credits_gst_tcs',
    'input_tax_credits_tds': 'input_tax_credits_tds',
    'earnings': 'net_earnings',
    'already_paid': 'amount_settled',
} %}
{#- Summary line, the order row column of its units, and the sign the sheet prints them with. -#}
{% set summed_units = [
    ('gross_sales', 'gross_units', 1),
    ('returns_and_cancellations', 'returned_cancelled_units', -1),
    ('rto', 'rto_units', -1),
    ('rvp', 'rvp_units', -1),
    ('cancelled', 'cancelled_units', -1),
] %}
{% set uncomputed_amounts = ['storage_fee', 'recall_fee', 'non_order_spf'] %}

with

order_rows as (

    select * from {{ ref('stg_seller_hub__pnl_orders') }}

),

summaries as (

    select * from {{ ref('stg_seller_hub__pnl_summary') }}

),

monthly as (

    select
        account_id,
        order_month as month,
        {% for line, column in summed_amounts.items() %}
        sum(coalesce({{ column }}, 0)) as {{ line }},
        {% endfor %}
        {% for line, column, sign in summed_units %}
        {{ sign }} * sum(coalesce({{ column }}, 0)) as {{ line }}_units,
        {% endfor %}
        sum(coalesce(net_units, 0)) as net_units

    from order_rows
    group by account_id, order_month

),

computed as (

    {% for line in summed_amounts %}
    select
        account_id,
        month,
        '{{ line }}' as line,
        {% if line == 'estimated_net_sales' %}net_units{% else %}null{% endif %} as units,
        {{ line }} as amount
    from monthly
    union all
    {% endfor %}
    {% for line, column, sign in summed_units %}
    select account_id, month, '{{ line }}' as line, {{ line }}_units as units, null as amount
    from monthly
    union all
    {% endfor %}
    {% for line in uncomputed_amounts %}
    select account_id, month, '{{ line }}' as line, null as units, null as amount
    from monthly
    union all
    {% endfor %}
    select account_id, month, 'expected_bank_settlement' as line, null as units,
        bank_settlement as amount
    from monthly
    union all
    select account_id, month, 'pending' as line, null as units,
        bank_settlement - already_paid as amount
    from monthly
    union all
    select account_id, month, 'net_margin_percent' as line, null as units,
        round(earnings / nullif(accounted_net_sales, 0) * 100, 2) as amount
    from monthly

),

latest_summaries as (

    select *

    from summaries
    where period_month is not null
    qualify dense_rank() over (
        partition by account_id, period_month
        order by loaded_at desc, file_hash desc
    ) = 1

),

compared as (

    select
        coalesce(computed.account_id, latest_summaries.account_id) as account_id,
        coalesce(computed.month, latest_summaries.period_month) as month,
        coalesce(computed.line, latest_summaries.line) as line,
        latest_summaries.file_hash,
        computed.units as computed_units,
        latest_summaries.units as stated_units,
        computed.amount as computed_amount,
        latest_summaries.amount as stated_amount

    from computed
    full outer join latest_summaries
        on computed.account_id = latest_summaries.account_id
        and computed.month = latest_summaries.period_month
        and computed.line = latest_summaries.line

),

flagged as (

    select
        *,
        computed_amount is not null and stated_amount is not null as is_amount_compared,
        computed_units is not null and stated_units is not null as is_units_compared

    from compared

),

final as (

    select
        -- ids
        cast(account_id as varchar) as account_id,
        cast(month as date) as month,
        cast(line as varchar) as line,
        cast(file_hash as varchar) as file_hash,

        -- units and amounts
        cast(computed_units as integer) as computed_units,
        cast(stated_units as integer) as stated_units,
        cast(computed_amount as decimal(18, 3)) as computed_amount,
        cast(stated_amount as decimal(18, 3)) as stated_amount,
        cast(computed_amount - stated_amount as decimal(18, 3)) as amount_difference,

        -- verdict
        cast(
            case
                when not is_amount_compared and not is_units_compared then null
                else (
                    not is_amount_compared
                    or abs(computed_amount - stated_amount) <= {{ tolerance }}
                ) and (not is_units_compared or computed_units = stated_units)
            end as boolean
        ) as matches

    from flagged

)

select * from final
