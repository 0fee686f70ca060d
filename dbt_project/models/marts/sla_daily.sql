-- Dispatch SLA per account and IST dispatch-by day. Breach rate = breached / (breached +
-- on time); open, cancelled and unknown shipments stay out of it.

with

sla_shipments as (

    select * from {{ ref('sla_shipments') }}

),

aggregated as (

    select
        account_id,
        dispatch_by_date,
        count(*) filter (where sla_status != 'cancelled') as due,
        count(*) filter (where sla_status = 'breached') as breached,
        count(*) filter (where sla_status = 'on_time') as on_time,
        count(*) filter (where sla_status = 'unknown') as unknown,
        count(*) filter (where sla_status = 'open') as open,
        count(*) filter (where sla_status = 'cancelled') as cancelled

    from sla_shipments
    group by account_id, dispatch_by_date

),

final as (

    select
        cast(account_id as varchar) as account_id,
        cast(dispatch_by_date as date) as dispatch_by_date,
        cast(due as integer) as due,
        cast(breached as integer) as breached,
        cast(on_time as integer) as on_time,
        cast(unknown as integer) as unknown,
        cast(open as integer) as open,
        cast(cancelled as integer) as cancelled,
        {{ safe_ratio('breached', 'breached + on_time') }} as breach_rate

    from aggregated

)

select * from final
