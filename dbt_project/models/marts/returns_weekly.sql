-- Returns per account and IST week (Monday start) of their creation, by type.

with

returns as (

    select * from {{ ref('returns') }}

),

aggregated as (

    select
        account_id,
        cast(date_trunc('week', {{ ist_date('created_at') }}) as date) as week_start,
        count(*) filter (where return_type = 'rto') as rto_returns,
        count(*) filter (where return_type = 'customer_return') as customer_returns,
        count(*) filter (where status = 'cancelled') as cancelled_returns,
        coalesce(sum(quantity) filter (where return_type = 'rto'), 0) as rto_units,
        coalesce(sum(quantity) filter (where return_type = 'customer_return'), 0)
            as customer_return_units,
        sum(loss) as loss

    from returns
    group by account_id, week_start

),

final as (

    select
        cast(account_id as varchar) as account_id,
        cast(week_start as date) as week_start,
        cast(rto_returns as integer) as rto_returns,
        cast(customer_returns as integer) as customer_returns,
        cast(cancelled_returns as integer) as cancelled_returns,
        cast(rto_units as integer) as rto_units,
        cast(customer_return_units as integer) as customer_return_units,
        cast(loss as decimal(18, 2)) as loss

    from aggregated

)

select * from final
