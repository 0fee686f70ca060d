-- The tenant's SKU master. Any of category, HSN, GST rate, cost, weight and size may be NULL.

with

source as (

    select * from {{ source('sellerops', 'sku_master') }}

),

renamed as (

    select
        sku,
        title,
        category,
        hsn,
        cast(gst_rate as decimal(5, 2)) as gst_rate,
        cast(cost_price as decimal(18, 2)) as cost_price,
        weight_g,
        cast(length_cm as decimal(18, 4)) as length_cm,
        cast(breadth_cm as decimal(18, 4)) as breadth_cm,
        cast(height_cm as decimal(18, 4)) as height_cm,
        copied_at

    from source

)

select * from renamed
