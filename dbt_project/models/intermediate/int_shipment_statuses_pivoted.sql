-- One row per shipment: when each lifecycle stage was first observed (its payload updatedAt),
-- from the insert-only status history and the order_states machine.

with

history as (

    select * from {{ ref('stg_flipkart__shipment_status_history') }}

),

order_states as (

    select * from {{ ref('order_states') }}

),

staged as (

    select
        history.account_id,
        history.shipment_id,
        history.item_status,
        history.updated_at,
        order_states.lifecycle_stage,
        order_states.is_dispatched

    from history
    left join order_states
        on history.item_status = order_states.item_status

),

pivoted as (

    select
        account_id,
        shipment_id,
        min(updated_at) filter (where lifecycle_stage = 'PACKED') as packed_at,
        min(updated_at) filter (where item_status = 'READY_TO_DISPATCH') as ready_to_dispatch_at,
        min(updated_at) filter (where lifecycle_stage = 'SHIPPED') as shipped_at,
        min(updated_at) filter (where lifecycle_stage = 'DELIVERED') as delivered_at,
        min(updated_at) filter (where lifecycle_stage = 'RETURNED') as returned_at,
        min(updated_at) filter (where is_dispatched) as first_dispatched_at

    from staged
    group by account_id, shipment_id

)

select * from pivoted
