-- One row per imported Seller Hub file; the same content imported twice is one file.

with

source as (

    select * from {{ source('seller_hub', 'report_files') }}

),

renamed as (

    select
        cast(file_hash as varchar) as file_hash,
        cast(account_id as varchar) as account_id,
        cast(report_type as varchar) as report_type,
        cast(file_name as varchar) as file_name,
        cast(rows_loaded as integer) as rows_loaded,
        cast(loaded_at as timestamptz) as loaded_at

    from source

)

select * from renamed
