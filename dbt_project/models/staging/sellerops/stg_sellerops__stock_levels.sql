-- The ledger's stock per SKU and location. Available is on hand minus reserved.

with

source as (

    select * from {{ source('sellerops_stock', 'stock_levels') }}

),

renamed as (

    select
        sku,
        location_id,
        on_hand,
        reserved,
        damaged,
        available,
        safety_buffer,
        low_stock_threshold,
        copied_at

    from source

)

select * from renamed
