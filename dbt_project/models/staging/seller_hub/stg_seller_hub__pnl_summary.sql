-- The "Overall Summary" lines of each imported P&L file as the report states them, with the
-- file's load time and the calendar month its order rows fall in.
--
-- A summary belongs to a month only when all of its file's order rows were ordered in that
-- month. period_month is NULL for a file that spans months. The joins only read each file's
-- load time and order dates.

with

source as (

    select * from {{ source('seller_hub', 'report_pnl_summary') }}

),

files as (

    select * from {{ source('seller_hub', 'report_files') }}

),

order_rows as (

    select * from {{ source('seller_hub', 'report_pnl_orders') }}

),

file_periods as (

    select
        file_hash,
        account_id,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date

    from order_rows
    group by file_hash, account_id

),

final as (

    select
        cast(source.file_hash as varchar) as file_hash,
        cast(source.account_id as varchar) as account_id,
        cast(source.line as varchar) as line,
        cast(source.units as integer) as units,
        cast(source.amount as decimal(18, 3)) as amount,
        cast(files.loaded_at as timestamptz) as loaded_at,
        case
            when date_trunc('month', file_periods.first_order_date)
                = date_trunc('month', file_periods.last_order_date)
                then cast(date_trunc('month', file_periods.first_order_date) as date)
        end as period_month

    from source
    inner join files
        on source.file_hash = files.file_hash
        and source.account_id = files.account_id
    left join file_periods
        on source.file_hash = file_periods.file_hash
        and source.account_id = file_periods.account_id

)

select * from final
