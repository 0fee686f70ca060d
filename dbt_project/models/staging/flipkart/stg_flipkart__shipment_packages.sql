-- One row per package of a shipment payload. Flipkart sends the weight in kg for the whole
-- order item line, and the dimensions of one unit's box in cm.

with

source as (

    select * from {{ source('flipkart', 'shipments') }}

),

packages as (

    select
        source.account_id,
        source.shipment_id,
        package.value as package

    from source,
        json_each(source.payload, '$.subShipments') as sub_shipment,
        json_each(sub_shipment.value, '$.packages') as package

),

renamed as (

    select
        account_id,
        shipment_id,
        json_extract_string(package, '$.packageId') as package_id,
        json_extract_string(package, '$.packageSku') as package_sku,
        try_cast(json_extract_string(package, '$.dimensions.length') as decimal(18, 4))
            as length_cm,
        try_cast(json_extract_string(package, '$.dimensions.breadth') as decimal(18, 4))
            as breadth_cm,
        try_cast(json_extract_string(package, '$.dimensions.height') as decimal(18, 4))
            as height_cm,
        try_cast(json_extract_string(package, '$.dimensions.weight') as decimal(18, 4))
            as line_weight_kg

    from packages

)

select * from renamed
