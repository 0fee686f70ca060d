-- Committed sync batches with Flipkart's clock at the start of each.

with

source as (

    select * from {{ source('sellerops', 'sync_log') }}

),

renamed as (

    select
        batch_id,
        account_id,
        stream,
        mode as sync_mode,
        window_from,
        window_to,
        server_time,
        rows_in,
        rows_changed,
        rows_rejected,
        committed_at

    from source

)

select * from renamed
