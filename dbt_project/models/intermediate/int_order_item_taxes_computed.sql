-- One row per order item: taxable value and GST heads of the line, and the TCS and TDS the
-- marketplace withholds on a kept sale.
--
-- The order item value (selling price + shipping) includes GST at the item's rate, so the
-- taxable value is value x 100 / (100 + rate), rounded half up to paise in integer arithmetic.
-- Within the seller's state the GST splits into CGST and SGST (half each, CGST rounded half up,
-- SGST the rest); otherwise it is IGST. TCS is a percentage of the taxable value and TDS of the
-- order item value, at the rates in force on the IST order date; both are zero unless the
-- item is a kept sale (delivered or open), because returns and cancellations reverse them.

with

items as (

    select * from {{ ref('int_order_items_enriched') }}

),

withholding_rates as (

    select * from {{ ref('tax_withholding_rates') }}

),

taxable as (

    select
        account_id,
        order_item_id,
        order_item_value,
        order_date,
        is_kept_sale,
        is_intra_state,
        gst_rate,
        cast(
            {{ divide_half_up(
                'cast(order_item_value * 100 as hugeint) * 10000',
                '10000 + cast(coalesce(gst_rate, 0) * 100 as hugeint)'
            ) }} as decimal(18, 0)
        ) * 0.01 as taxable_value

    from items

),

split as (

    select
        *,
        order_item_value - taxable_value as gst_amount

    from taxable

),

heads as (

    select
        *,
        case when is_intra_state then {{ to_paise('gst_amount * 0.5') }} else 0 end
            as cgst_amount,
        case when is_intra_state then gst_amount - {{ to_paise('gst_amount * 0.5') }} else 0 end
            as sgst_amount,
        case when is_intra_state then 0 else gst_amount end as igst_amount

    from split

),

rates as (

    select
        heads.*,
        tcs_rates.rate_percent as tcs_rate_percent,
        tds_rates.rate_percent as tds_rate_percent

    from heads
    left join withholding_rates as tcs_rates
        on tcs_rates.tax = 'TCS'
        and tcs_rates.effective_from <= heads.order_date
        and (tcs_rates.effective_to is null or heads.order_date <= tcs_rates.effective_to)
    left join withholding_rates as tds_rates
        on tds_rates.tax = 'TDS'
        and tds_rates.effective_from <= heads.order_date
        and (tds_rates.effective_to is null or heads.order_date <= tds_rates.effective_to)

),

final as (

    select
        account_id,
        order_item_id,
        gst_rate,
        is_intra_state,
        cast(taxable_value as decimal(18, 2)) as taxable_value,
        cast(cgst_amount as decimal(18, 2)) as cgst_amount,
        cast(sgst_amount as decimal(18, 2)) as sgst_amount,
        cast(igst_amount as decimal(18, 2)) as igst_amount,
        cast(
            case
                when is_kept_sale
                    then {{ to_paise('taxable_value * coalesce(tcs_rate_percent, 0) * 0.01') }}
                else 0
            end as decimal(18, 2)
        ) as tcs,
        cast(
            case
                when is_kept_sale
                    then {{ to_paise('order_item_value * coalesce(tds_rate_percent, 0) * 0.01') }}
                else 0
            end as decimal(18, 2)
        ) as tds

    from rates

)

select * from final
