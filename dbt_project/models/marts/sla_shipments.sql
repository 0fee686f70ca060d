-- One row per shipment: its dispatch-by date against when it became ready to dispatch, judged
-- at the as-of time (Flipkart's clock at the account's latest sync, never the wall clock).

with

shipments as (

    select * from {{ ref('stg_flipkart__shipments') }}

),

stage_times as (

    select * from {{ ref('int_shipment_statuses_pivoted') }}

),

sync_log as (

    select * from {{ ref('stg_sellerops__sync_log') }}

),

as_of_times as (

    select
        account_id,
        max(server_time) as as_of

    from sync_log
    group by account_id

),

joined as (

    select
        shipments.account_id,
        shipments.shipment_id,
        shipments.location_id,
        shipments.shipment_type,
        shipments.shipment_status,
        shipments.dispatch_after,
        shipments.dispatch_by,
        stage_times.ready_to_dispatch_at,
        stage_times.first_dispatched_at,
        as_of_times.as_of

    from shipments
    left join stage_times
        on shipments.account_id = stage_times.account_id
        and shipments.shipment_id = stage_times.shipment_id
    left join as_of_times
        on shipments.account_id = as_of_times.account_id

),

judged as (

    select
        *,
        case
            when ready_to_dispatch_at is not null and ready_to_dispatch_at <= dispatch_by
                then 'on_time'
            when ready_to_dispatch_at is not null then 'breached'
            when shipment_status = 'CANCELLED' then 'cancelled'
            -- First seen after ready-to-dispatch: on time if that was before dispatch-by,
            -- otherwise the API cannot tell when it was ready.
            when first_dispatched_at is not null and first_dispatched_at <= dispatch_by
                then 'on_time'
            when first_dispatched_at is not null then 'unknown'
            when as_of > dispatch_by then 'breached'
            else 'open'
        end as sla_status

    from joined

),

final as (

    select
        cast(shipment_id as varchar) as shipment_id,
        cast(account_id as varchar) as account_id,
        cast(location_id as varchar) as location_id,
        cast(shipment_type as varchar) as shipment_type,
        cast(shipment_status as varchar) as shipment_status,
        cast(dispatch_after as timestamptz) as dispatch_after,
        cast(dispatch_by as timestamptz) as dispatch_by,
        cast({{ ist_date('dispatch_by') }} as date) as dispatch_by_date,
        cast(ready_to_dispatch_at as timestamptz) as ready_to_dispatch_at,
        cast(as_of as timestamptz) as as_of,
        cast(sla_status as varchar) as sla_status,
        cast(
            case
                when sla_status = 'open'
                    then round(date_diff('second', as_of, dispatch_by) / 3600, 2)
            end as decimal(9, 2)
        ) as hours_left

    from judged

)

select * from final
