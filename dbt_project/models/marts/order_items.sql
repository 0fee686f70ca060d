-- One row per order item: what was sold, its lifecycle, GST split, fees, withheld taxes, cost
-- and profit. Definitions are in marts/_order_items.yml.
--
-- The fees charged in an item's settlement report take precedence over the rate card's
-- prediction, and fee_source names the one a row carries. A predicted fee is NULL when the rate
-- card cannot estimate it (has_fee_estimate is false), and so are the sums and profit built on it.

with

items as (

    select * from {{ ref('int_order_items_enriched') }}

),

fees as (

    select * from {{ ref('int_order_item_fees_estimated') }}

),

taxes as (

    select * from {{ ref('int_order_item_taxes_computed') }}

),

settled as (

    select * from {{ ref('int_order_item_fees_settled') }}

),

joined as (

    select
        items.*,
        {% for fee in ['commission', 'fixed_fee', 'collection_fee', 'forward_shipping',
                       'reverse_shipping', 'marketplace_fees', 'gst_on_fees'] %}
        case
            when settled.order_item_id is not null then settled.{{ fee }}
            else fees.{{ fee }}
        end as {{ fee }},
        {% endfor %}
        case
            when settled.order_item_id is not null then 'settlement_report'
            else 'rate_card_estimate'
        end as fee_source,
        fees.has_fee_estimate,
        fees.missing_fee_inputs,
        taxes.taxable_value,
        taxes.cgst_amount,
        taxes.sgst_amount,
        taxes.igst_amount,
        taxes.tcs,
        taxes.tds,
        case
            when items.is_kept_sale then items.cost_price * items.quantity
            else 0
        end as kept_cost_of_goods

    from items
    left join fees
        on items.account_id = fees.account_id
        and items.order_item_id = fees.order_item_id
    left join taxes
        on items.account_id = taxes.account_id
        and items.order_item_id = taxes.order_item_id
    left join settled
        on items.account_id = settled.account_id
        and items.order_item_id = settled.order_item_id

),

final as (

    select
        -- ids
        cast(order_item_id as varchar) as order_item_id,
        cast(account_id as varchar) as account_id,
        cast(order_id as varchar) as order_id,
        cast(shipment_id as varchar) as shipment_id,
        cast(location_id as varchar) as location_id,

        -- product
        cast(sku as varchar) as sku,
        cast(fsn as varchar) as fsn,
        cast(title as varchar) as title,
        cast(category as varchar) as category,
        cast(hsn as varchar) as hsn,

        -- prices
        cast(quantity as integer) as quantity,
        cast(round(selling_price / nullif(quantity, 0), 2) as decimal(18, 2)) as unit_price,
        cast(selling_price as decimal(18, 2)) as selling_price,
        cast(shipping_charge as decimal(18, 2)) as shipping_charge,
        cast(flipkart_discount as decimal(18, 2)) as flipkart_discount,
        cast(order_item_value as decimal(18, 2)) as order_item_value,
        cast(payment_type as varchar) as payment_type,
        cast(is_cod as boolean) as is_cod,

        -- delivery region (never a name or street)
        cast(delivery_city as varchar) as delivery_city,
        cast(delivery_state as varchar) as delivery_state,
        cast(delivery_state_code as varchar) as delivery_state_code,
        cast(delivery_pincode as varchar) as delivery_pincode,
        cast(zone as varchar) as zone,

        -- lifecycle
        cast(ordered_at as timestamptz) as ordered_at,
        cast(order_date as date) as order_date,
        cast(item_status as varchar) as item_status,
        cast(current_stage as varchar) as current_stage,
        cast(outcome as varchar) as outcome,
        cast(ordered_at as timestamptz) as created_at,
        cast(packed_at as timestamptz) as packed_at,
        cast(ready_to_dispatch_at as timestamptz) as ready_to_dispatch_at,
        cast(shipped_at as timestamptz) as shipped_at,
        cast(delivered_at as timestamptz) as delivered_at,
        cast(cancelled_at as timestamptz) as cancelled_at,
        cast(returned_at as timestamptz) as returned_at,

        -- GST of the sale
        cast(invoice_number as varchar) as invoice_number,
        cast(gst_rate as decimal(5, 2)) as gst_rate,
        cast(taxable_value as decimal(18, 2)) as taxable_value,
        cast(cgst_amount as decimal(18, 2)) as cgst_amount,
        cast(sgst_amount as decimal(18, 2)) as sgst_amount,
        cast(igst_amount as decimal(18, 2)) as igst_amount,

        -- fees and withheld taxes
        cast(commission as decimal(18, 2)) as commission,
        cast(fixed_fee as decimal(18, 2)) as fixed_fee,
        cast(collection_fee as decimal(18, 2)) as collection_fee,
        cast(forward_shipping as decimal(18, 2)) as forward_shipping,
        cast(reverse_shipping as decimal(18, 2)) as reverse_shipping,
        cast(marketplace_fees as decimal(18, 2)) as marketplace_fees,
        cast(gst_on_fees as decimal(18, 2)) as gst_on_fees,
        cast(fee_source as varchar) as fee_source,
        cast(has_fee_estimate as boolean) as has_fee_estimate,
        cast(missing_fee_inputs as varchar) as missing_fee_inputs,
        cast(tcs as decimal(18, 2)) as tcs,
        cast(tds as decimal(18, 2)) as tds,

        -- profit
        cast(coalesce(kept_cost_of_goods, 0) as decimal(18, 2)) as cost_of_goods,
        cast(cost_price is not null as boolean) as has_cost,
        cast(
            case when is_kept_sale then taxable_value else 0 end
            - marketplace_fees
            - gst_on_fees
            - coalesce(kept_cost_of_goods, 0)
            as decimal(18, 2)
        ) as net_profit,
        cast(
            case when is_kept_sale then order_item_value else 0 end
            - marketplace_fees
            - gst_on_fees
            - tcs
            - tds
            as decimal(18, 2)
        ) as bank_settlement_estimate

    from joined

)

select * from final
