-- One row per order item in the settlement report: the fees Flipkart actually charged, the
-- taxes it withheld and what it paid, summed over the item's rows.
--
-- The report prints charges as negative amounts; here every fee and tax is a positive charge,
-- as in int_order_item_fees_estimated. "Others" adds the fee columns that the rate card does
-- not predict. A row's NEFT reference is a real transfer only when it contains a digit: bank
-- references do, while placeholders such as DISBURSEMENT_CREATED do not and are never paid.

with

settlement_rows as (

    select * from {{ ref('stg_seller_hub__settlement_rows') }}

),

classified as (

    select
        *,
        case
            when neft_id is null then 'pending'
            when regexp_matches(neft_id, '[0-9]') then 'transfer'
            else 'placeholder'
        end as reference_kind,
        coalesce(pick_and_pack_fee, 0)
        + coalesce(no_cost_emi_fee_reimbursement, 0)
        + coalesce(installation_fee, 0)
        + coalesce(tech_visit_fee, 0)
        + coalesce(uninstallation_packaging_fee, 0)
        + coalesce(customer_addons_recovery, 0)
        + coalesce(franchise_fee, 0)
        + coalesce(shopsy_marketing_fee, 0)
        + coalesce(product_cancellation_fee, 0) as other_fees_signed

    from settlement_rows

),

summed as (

    select
        account_id,
        order_item_id,
        any_value(order_id) as order_id,
        any_value(file_hash) as file_hash,
        count(*) as settlement_rows,
        max(payment_date) as last_payment_date,

        -sum(coalesce(commission, 0)) as commission,
        -sum(coalesce(fixed_fee, 0)) as fixed_fee,
        -sum(coalesce(collection_fee, 0)) as collection_fee,
        -sum(coalesce(shipping_fee, 0)) as forward_shipping,
        -sum(coalesce(reverse_shipping_fee, 0)) as reverse_shipping,
        -sum(other_fees_signed) as other_fees,
        -sum(coalesce(marketplace_fee, 0)) as marketplace_fees,
        -sum(coalesce(gst_on_marketplace_fees, 0)) as gst_on_fees,
        -sum(coalesce(tcs, 0)) as tcs,
        -sum(coalesce(tds, 0)) as tds,

        sum(coalesce(sale_amount, 0)) as sale_amount,
        sum(coalesce(refund, 0)) as refund,
        sum(coalesce(protection_fund, 0)) as protection_fund,
        sum(coalesce(bank_settlement_value, 0)) as settled_amount,
        sum(coalesce(bank_settlement_value, 0)) filter (where reference_kind = 'transfer')
            as paid_amount,
        sum(coalesce(bank_settlement_value, 0)) filter (where reference_kind = 'placeholder')
            as placeholder_amount,
        sum(coalesce(bank_settlement_value, 0)) filter (where reference_kind = 'pending')
            as pending_amount,
        count(*) filter (where reference_kind = 'transfer') as transfer_rows

    from classified
    group by account_id, order_item_id

),

final as (

    select
        account_id,
        order_item_id,
        order_id,
        file_hash,
        settlement_rows,
        last_payment_date,

        cast(commission as decimal(18, 3)) as commission,
        cast(fixed_fee as decimal(18, 3)) as fixed_fee,
        cast(collection_fee as decimal(18, 3)) as collection_fee,
        cast(forward_shipping as decimal(18, 3)) as forward_shipping,
        cast(reverse_shipping as decimal(18, 3)) as reverse_shipping,
        cast(other_fees as decimal(18, 3)) as other_fees,
        cast(marketplace_fees as decimal(18, 3)) as marketplace_fees,
        cast(gst_on_fees as decimal(18, 3)) as gst_on_fees,
        cast(tcs as decimal(18, 3)) as tcs,
        cast(tds as decimal(18, 3)) as tds,

        cast(sale_amount as decimal(18, 3)) as sale_amount,
        cast(refund as decimal(18, 3)) as refund,
        cast(protection_fund as decimal(18, 3)) as protection_fund,
        cast(settled_amount as decimal(18, 3)) as settled_amount,
        cast(coalesce(paid_amount, 0) as decimal(18, 3)) as paid_amount,
        cast(coalesce(placeholder_amount, 0) as decimal(18, 3)) as placeholder_amount,
        cast(coalesce(pending_amount, 0) as decimal(18, 3)) as pending_amount,

        case
            when transfer_rows = settlement_rows then 'paid'
            when transfer_rows > 0 then 'partly_paid'
            when placeholder_amount is not null then 'placeholder'
            else 'pending'
        end as payment_status

    from summed

)

select * from final
