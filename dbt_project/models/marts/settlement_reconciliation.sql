-- One row per order item in the settlement report: the settlement expected from the order data
-- and the rate card beside what Flipkart charged and paid, with the variance by fee type.
--
-- Every variance is charged (or paid) minus expected, so a positive fee variance is an
-- overcharge and a negative settlement variance an underpayment. A row is within tolerance
-- when the settlement and every fee variance lie within the tolerance. Items the API never
-- described have no expected values, so their variances and tolerance flag are NULL.
--
-- A fee the rate card cannot estimate (an input such as the category or zone is unknown) is
-- NULL, and so are its variance and the expected settlement. The flags use SQL's three-valued
-- logic: one known variance out of tolerance is enough to say false (or an overcharge), and
-- otherwise an unknown variance leaves the flag NULL. The verdict sums this up in one word.

{% set tolerance = var('settlement_tolerance_rupees') %}

with

settled as (

    select * from {{ ref('int_order_item_fees_settled') }}

),

items as (

    select * from {{ ref('int_order_items_enriched') }}

),

fees as (

    select * from {{ ref('int_order_item_fees_estimated') }}

),

taxes as (

    select * from {{ ref('int_order_item_taxes_computed') }}

),

expected as (

    select
        items.account_id,
        items.order_item_id,
        items.outcome,
        items.order_date,
        fees.commission,
        fees.fixed_fee,
        fees.collection_fee,
        fees.forward_shipping,
        fees.reverse_shipping,
        fees.marketplace_fees,
        fees.gst_on_fees,
        fees.has_fee_estimate,
        fees.missing_fee_inputs,
        taxes.tcs,
        taxes.tds,
        case when items.is_kept_sale then items.order_item_value else 0 end
            - fees.marketplace_fees
            - fees.gst_on_fees
            - taxes.tcs
            - taxes.tds as settlement

    from items
    inner join fees
        on items.account_id = fees.account_id
        and items.order_item_id = fees.order_item_id
    inner join taxes
        on items.account_id = taxes.account_id
        and items.order_item_id = taxes.order_item_id

),

variances as (

    select
        settled.*,
        expected.order_item_id is not null as has_order_data,
        coalesce(expected.has_fee_estimate, false) as has_fee_estimate,
        expected.missing_fee_inputs,
        expected.outcome,
        expected.order_date,
        expected.commission as expected_commission,
        expected.fixed_fee as expected_fixed_fee,
        expected.collection_fee as expected_collection_fee,
        expected.forward_shipping as expected_shipping_fee,
        expected.reverse_shipping as expected_reverse_shipping_fee,
        expected.marketplace_fees as expected_marketplace_fees,
        expected.gst_on_fees as expected_gst_on_fees,
        expected.tcs as expected_tcs,
        expected.tds as expected_tds,
        expected.settlement as expected_settlement,

        settled.commission - expected.commission as commission_variance,
        settled.fixed_fee - expected.fixed_fee as fixed_fee_variance,
        settled.collection_fee - expected.collection_fee as collection_fee_variance,
        settled.forward_shipping - expected.forward_shipping as shipping_fee_variance,
        settled.reverse_shipping - expected.reverse_shipping as reverse_shipping_fee_variance,
        -- The rate card predicts none of the other fees, so all of them are variance.
        case when expected.order_item_id is not null then settled.other_fees end
            as other_fees_variance,
        settled.gst_on_fees - expected.gst_on_fees as gst_on_fees_variance,
        settled.tcs - expected.tcs as tcs_variance,
        settled.tds - expected.tds as tds_variance,
        settled.settled_amount - expected.settlement as settlement_variance

    from settled
    left join expected
        on settled.account_id = expected.account_id
        and settled.order_item_id = expected.order_item_id

),

flagged as (

    select
        *,
        case
            when not has_order_data then null
            else abs(settlement_variance) <= {{ tolerance }}
                and abs(commission_variance) <= {{ tolerance }}
                and abs(fixed_fee_variance) <= {{ tolerance }}
                and abs(collection_fee_variance) <= {{ tolerance }}
                and abs(shipping_fee_variance) <= {{ tolerance }}
                and abs(reverse_shipping_fee_variance) <= {{ tolerance }}
                and abs(other_fees_variance) <= {{ tolerance }}
        end as is_within_tolerance,
        case
            when not has_order_data then null
            else commission_variance > {{ tolerance }}
                or fixed_fee_variance > {{ tolerance }}
                or collection_fee_variance > {{ tolerance }}
                or shipping_fee_variance > {{ tolerance }}
                or reverse_shipping_fee_variance > {{ tolerance }}
        end as has_likely_overcharge

    from variances

),

judged as (

    select
        *,
        case
            when not has_order_data then 'no_order_data'
            when has_likely_overcharge then 'overcharged'
            when not is_within_tolerance then 'mismatched'
            when not has_fee_estimate then 'cannot_check'
            else 'matched'
        end as verdict

    from flagged

),

final as (

    select
        -- ids
        cast(order_item_id as varchar) as order_item_id,
        cast(account_id as varchar) as account_id,
        cast(order_id as varchar) as order_id,
        cast(file_hash as varchar) as file_hash,

        -- the order as the API describes it
        cast(has_order_data as boolean) as has_order_data,
        cast(outcome as varchar) as outcome,
        cast(order_date as date) as order_date,
        cast(has_fee_estimate as boolean) as has_fee_estimate,
        cast(missing_fee_inputs as varchar) as missing_fee_inputs,

        -- expected from the order data and the rate card
        cast(expected_commission as decimal(18, 2)) as expected_commission,
        cast(expected_fixed_fee as decimal(18, 2)) as expected_fixed_fee,
        cast(expected_collection_fee as decimal(18, 2)) as expected_collection_fee,
        cast(expected_shipping_fee as decimal(18, 2)) as expected_shipping_fee,
        cast(expected_reverse_shipping_fee as decimal(18, 2)) as expected_reverse_shipping_fee,
        cast(expected_marketplace_fees as decimal(18, 2)) as expected_marketplace_fees,
        cast(expected_gst_on_fees as decimal(18, 2)) as expected_gst_on_fees,
        cast(expected_tcs as decimal(18, 2)) as expected_tcs,
        cast(expected_tds as decimal(18, 2)) as expected_tds,
        cast(expected_settlement as decimal(18, 2)) as expected_settlement,

        -- charged and paid, as the settlement report states
        cast(settlement_rows as integer) as settlement_rows,
        cast(commission as decimal(18, 3)) as charged_commission,
        cast(fixed_fee as decimal(18, 3)) as charged_fixed_fee,
        cast(collection_fee as decimal(18, 3)) as charged_collection_fee,
        cast(forward_shipping as decimal(18, 3)) as charged_shipping_fee,
        cast(reverse_shipping as decimal(18, 3)) as charged_reverse_shipping_fee,
        cast(other_fees as decimal(18, 3)) as charged_other_fees,
        cast(marketplace_fees as decimal(18, 3)) as charged_marketplace_fees,
        cast(gst_on_fees as decimal(18, 3)) as charged_gst_on_fees,
        cast(tcs as decimal(18, 3)) as charged_tcs,
        cast(tds as decimal(18, 3)) as charged_tds,
        cast(settled_amount as decimal(18, 3)) as settled_amount,
        cast(paid_amount as decimal(18, 3)) as paid_amount,
        cast(placeholder_amount as decimal(18, 3)) as placeholder_amount,
        cast(pending_amount as decimal(18, 3)) as pending_amount,
        cast(payment_status as varchar) as payment_status,
        cast(last_payment_date as date) as last_payment_date,

        -- variance (charged or paid minus expected)
        cast(commission_variance as decimal(18, 3)) as commission_variance,
        cast(fixed_fee_variance as decimal(18, 3)) as fixed_fee_variance,
        cast(collection_fee_variance as decimal(18, 3)) as collection_fee_variance,
        cast(shipping_fee_variance as decimal(18, 3)) as shipping_fee_variance,
        cast(reverse_shipping_fee_variance as decimal(18, 3)) as reverse_shipping_fee_variance,
        cast(other_fees_variance as decimal(18, 3)) as other_fees_variance,
        cast(gst_on_fees_variance as decimal(18, 3)) as gst_on_fees_variance,
        cast(tcs_variance as decimal(18, 3)) as tcs_variance,
        cast(tds_variance as decimal(18, 3)) as tds_variance,
        cast(settlement_variance as decimal(18, 3)) as settlement_variance,
        cast(is_within_tolerance as boolean) as is_within_tolerance,
        cast(has_likely_overcharge as boolean) as has_likely_overcharge,
        cast(verdict as varchar) as verdict

    from judged

)

select * from final
