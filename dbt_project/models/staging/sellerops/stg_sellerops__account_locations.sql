-- The account's warehouses: the origin city and state of the shipping zone.

with

source as (

    select * from {{ source('sellerops', 'account_locations') }}

),

renamed as (

    select
        account_id,
        location_id,
        city as location_city,
        pincode as location_pincode,
        state_code as location_state_code,
        copied_at

    from source

)

select * from renamed
