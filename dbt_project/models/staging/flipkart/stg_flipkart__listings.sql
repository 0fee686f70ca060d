-- One row per listing (SKU) with price, tax and the first package's weight and size.

with

source as (

    select * from {{ source('flipkart', 'listings') }}

),

renamed as (

    select
        account_id,
        sku,
        listing_id,
        json_extract_string(payload, '$.product_id') as fsn,
        json_extract_string(payload, '$.product_title') as title,
        json_extract_string(payload, '$.listing_status') as listing_status,
        {{ json_money('payload', '$.price.mrp') }} as mrp,
        {{ json_money('payload', '$.price.selling_price') }} as selling_price,
        json_extract_string(payload, '$.tax.hsn') as hsn,
        try_cast(json_extract_string(payload, '$.tax.goods_services_rate') as decimal(5, 2))
            as gst_rate,
        try_cast(json_extract_string(payload, '$.packages[0].weight') as decimal(18, 4))
            as unit_weight_kg,
        try_cast(json_extract_string(payload, '$.packages[0].dimensions.length') as decimal(18, 4))
            as length_cm,
        try_cast(json_extract_string(payload, '$.packages[0].dimensions.breadth') as decimal(18, 4))
            as breadth_cm,
        try_cast(json_extract_string(payload, '$.packages[0].dimensions.height') as decimal(18, 4))
            as height_cm,
        fetched_at

    from source

)

select * from renamed
