-- The seller account's tier and fulfilment (fee rules match on them), GSTIN and home state.

with

source as (

    select * from {{ source('sellerops', 'account_profile') }}

),

renamed as (

    select
        account_id,
        account_name,
        tier,
        fulfilment,
        gstin,
        state_code,
        copied_at

    from source

)

select * from renamed
