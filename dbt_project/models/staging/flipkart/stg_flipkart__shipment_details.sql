-- Delivery region and courier of each shipment. The landed payload contains no buyer name or
-- street address, and nothing here reads one.

with

source as (

    select * from {{ source('flipkart', 'shipment_details') }}

),

renamed as (

    select
        account_id,
        shipment_id,
        json_extract_string(payload, '$.locationId') as location_id,
        json_extract_string(payload, '$.deliveryAddress.city') as delivery_city,
        json_extract_string(payload, '$.deliveryAddress.state') as delivery_state,
        json_extract_string(payload, '$.deliveryAddress.stateCode') as delivery_state_code,
        json_extract_string(payload, '$.deliveryAddress.pinCode') as delivery_pincode,
        json_extract_string(
            payload, '$.subShipments[0].courierDetails.deliveryDetails.trackingId'
        ) as tracking_id,
        json_extract_string(
            payload, '$.subShipments[0].courierDetails.deliveryDetails.vendorName'
        ) as courier_name,
        fetched_at

    from source

)

select * from renamed
