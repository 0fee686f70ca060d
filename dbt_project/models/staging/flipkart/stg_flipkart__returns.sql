-- One row per return: courier_return is an RTO, customer_return a return by the buyer.

with

source as (

    select * from {{ source('flipkart', 'returns') }}

),

renamed as (

    select
        account_id,
        return_id,
        order_item_id,
        json_extract_string(payload, '$.orderId') as order_id,
        json_extract_string(payload, '$.shipmentId') as shipment_id,
        source as return_source,
        case source
            when 'courier_return' then 'rto'
            when 'customer_return' then 'customer_return'
        end as return_type,
        status as return_status,
        json_extract_string(payload, '$.reason') as reason,
        json_extract_string(payload, '$.subReason') as sub_reason,
        cast(json_extract_string(payload, '$.quantity') as integer) as quantity,
        cast(json_extract_string(payload, '$.createdDate') as timestamptz) as created_at,
        cast(json_extract_string(payload, '$.completionDate') as timestamptz) as completed_at,
        updated_at

    from source

)

select * from renamed
