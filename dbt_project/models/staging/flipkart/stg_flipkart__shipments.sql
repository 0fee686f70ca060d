-- One row per shipment: the fields of the shipment itself (its items are in
-- stg_flipkart__order_items).

with

source as (

    select * from {{ source('flipkart', 'shipments') }}

),

renamed as (

    select
        account_id,
        shipment_id,
        json_extract_string(payload, '$.locationId') as location_id,
        status as shipment_status,
        shipment_kind,
        json_extract_string(payload, '$.shipmentType') as shipment_type,
        json_extract_string(payload, '$.packagingPolicy') as packaging_policy,
        cast(json_extract_string(payload, '$.hold') as boolean) as is_on_hold,
        cast(json_extract_string(payload, '$.dispatchAfterDate') as timestamptz) as dispatch_after,
        cast(json_extract_string(payload, '$.dispatchByDate') as timestamptz) as dispatch_by,
        updated_at,
        fetched_at

    from source

)

select * from renamed
