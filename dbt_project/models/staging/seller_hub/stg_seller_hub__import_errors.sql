-- Rows that a report reader could not read, kept with their row number and reason.

with

source as (

    select * from {{ source('seller_hub', 'report_import_errors') }}

),

renamed as (

    select
        cast(file_hash as varchar) as file_hash,
        cast(account_id as varchar) as account_id,
        cast(row_number as integer) as row_number,
        cast("column" as varchar) as column_name,
        cast(value as varchar) as cell_value,
        cast(reason as varchar) as reason

    from source

)

select * from renamed
