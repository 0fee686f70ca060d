-- One row per order item of a shipment payload. Amounts are line totals (unit price x quantity).

with

source as (

    select * from {{ source('flipkart', 'shipments') }}

),

items as (

    select
        source.account_id,
        source.shipment_id,
        json_extract_string(source.payload, '$.locationId') as location_id,
        item.value as item

    from source,
        json_each(source.payload, '$.orderItems') as item

),

renamed as (

    select
        account_id,
        shipment_id,
        json_extract_string(item, '$.orderItemId') as order_item_id,
        json_extract_string(item, '$.orderId') as order_id,
        location_id,
        json_extract_string(item, '$.packageIds[0]') as package_id,
        json_extract_string(item, '$.sku') as sku,
        json_extract_string(item, '$.fsn') as fsn,
        json_extract_string(item, '$.listingId') as listing_id,
        json_extract_string(item, '$.hsn') as hsn,
        json_extract_string(item, '$.title') as title,
        json_extract_string(item, '$.status') as item_status,
        json_extract_string(item, '$.paymentType') as payment_type,
        json_extract_string(item, '$.serviceProfile') as service_profile,
        json_extract_string(item, '$.cancellationReason') as cancellation_reason,
        json_extract_string(item, '$.cancellationSubReason') as cancellation_sub_reason,
        cast(json_extract_string(item, '$.courierReturn') as boolean) as is_courier_return,
        cast(json_extract_string(item, '$.quantity') as integer) as quantity,
        {{ json_money('item', '$.priceComponents.sellingPrice') }} as selling_price,
        {{ json_money('item', '$.priceComponents.shippingCharge') }} as shipping_charge,
        {{ json_money('item', '$.priceComponents.flipkartDiscount') }} as flipkart_discount,
        {{ json_money('item', '$.priceComponents.totalPrice') }} as total_price,
        {{ json_money('item', '$.priceComponents.customerPrice') }} as customer_price,
        cast(json_extract_string(item, '$.orderDate') as timestamptz) as ordered_at,
        cast(json_extract_string(item, '$.cancellationDate') as timestamptz) as cancelled_at

    from items

)

select * from renamed
