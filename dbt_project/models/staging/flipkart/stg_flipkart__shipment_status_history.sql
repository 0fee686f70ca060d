-- The first observation of each (shipment, status) pair.

with

source as (

    select * from {{ source('flipkart', 'shipment_status_history') }}

),

renamed as (

    select
        account_id,
        shipment_id,
        status as item_status,
        updated_at,
        observed_at

    from source

)

select * from renamed
