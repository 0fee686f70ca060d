-- One row per order item with everything the fee, tax and lifecycle logic needs: category,
-- tier, zone, chargeable weight, outcome, stage timestamps, invoice and cost.

with

order_items as (

    select * from {{ ref('stg_flipkart__order_items') }}

),

packages as (

    select * from {{ ref('stg_flipkart__shipment_packages') }}

),

details as (

    select * from {{ ref('stg_flipkart__shipment_details') }}

),

invoice_items as (

    select * from {{ ref('stg_flipkart__invoice_items') }}

),

returns as (

    select * from {{ ref('stg_flipkart__returns') }}

),

stage_times as (

    select * from {{ ref('int_shipment_statuses_pivoted') }}

),

accounts as (

    select * from {{ ref('stg_sellerops__account_profile') }}

),

locations as (

    select * from {{ ref('stg_sellerops__account_locations') }}

),

sku_master as (

    select * from {{ ref('stg_sellerops__sku_master') }}

),

hsn_categories as (

    select * from {{ ref('hsn_categories') }}

),

gst_states as (

    select * from {{ ref('gst_states') }}

),

order_states as (

    select * from {{ ref('order_states') }}

),

-- The return that decides the outcome: the item's first one that was not cancelled.
effective_returns as (

    select
        account_id,
        order_item_id,
        return_id,
        return_type

    from returns
    where return_status != 'cancelled'
    qualify row_number() over (
        partition by account_id, order_item_id order by created_at, return_id
    ) = 1

),

joined as (

    select
        order_items.*,
        order_items.selling_price + order_items.shipping_charge as order_item_value,
        {{ ist_date('order_items.ordered_at') }} as order_date,

        coalesce(sku_master.category, hsn_categories.category) as category,
        accounts.tier,
        accounts.fulfilment,
        accounts.state_code as account_state_code,

        details.delivery_city,
        details.delivery_state,
        details.delivery_state_code,
        details.delivery_pincode,
        locations.location_city,
        origin_states.region as origin_region,
        delivery_states.region as delivery_region,

        packages.line_weight_kg,
        coalesce(packages.length_cm, sku_master.length_cm) as length_cm,
        coalesce(packages.breadth_cm, sku_master.breadth_cm) as breadth_cm,
        coalesce(packages.height_cm, sku_master.height_cm) as height_cm,
        sku_master.weight_g as master_weight_g,
        sku_master.cost_price,
        sku_master.gst_rate as master_gst_rate,

        order_states.lifecycle_stage as current_stage,
        order_states.stage_rank,
        order_states.is_dispatched,
        effective_returns.return_id,
        effective_returns.return_type,

        stage_times.packed_at,
        stage_times.ready_to_dispatch_at,
        stage_times.shipped_at,
        stage_times.delivered_at,
        stage_times.returned_at,

        invoice_items.invoice_number,
        invoice_items.invoice_date,
        invoice_items.gst_rate as invoice_gst_rate,
        invoice_items.cgst_rate,
        invoice_items.igst_rate

    from order_items
    left join packages
        on order_items.account_id = packages.account_id
        and order_items.shipment_id = packages.shipment_id
        and order_items.package_id = packages.package_id
    left join details
        on order_items.account_id = details.account_id
        and order_items.shipment_id = details.shipment_id
    left join invoice_items
        on order_items.account_id = invoice_items.account_id
        and order_items.order_item_id = invoice_items.order_item_id
    left join effective_returns
        on order_items.account_id = effective_returns.account_id
        and order_items.order_item_id = effective_returns.order_item_id
    left join stage_times
        on order_items.account_id = stage_times.account_id
        and order_items.shipment_id = stage_times.shipment_id
    left join accounts
        on order_items.account_id = accounts.account_id
    left join locations
        on order_items.account_id = locations.account_id
        and order_items.location_id = locations.location_id
    left join sku_master
        on order_items.sku = sku_master.sku
    left join hsn_categories
        on order_items.hsn = hsn_categories.hsn
    left join order_states
        on order_items.item_status = order_states.item_status
    left join gst_states as origin_states
        on locations.location_state_code = origin_states.state_code
    left join gst_states as delivery_states
        on details.delivery_state_code = delivery_states.state_code

),

derived as (

    select
        *,

        payment_type = 'COD' as is_cod,

        case
            when location_city is null or delivery_city is null then null
            when lower(trim(location_city)) = lower(trim(delivery_city)) then 'local'
            when origin_region = delivery_region then 'zonal'
            when origin_region is null or delivery_region is null then null
            else 'national'
        end as zone,

        -- Dead weight of one unit in grams: the package weight covers the whole line.
        coalesce(
            cast(round(line_weight_kg * 1000 / nullif(quantity, 0), 4) as decimal(18, 4)),
            cast(master_weight_g as decimal(18, 4))
        ) as dead_weight_g,

        -- Volumetric weight in grams: L x B x H cm / 5000 kg = L x B x H x 0.2 g.
        length_cm * breadth_cm * height_cm * 0.2 as volumetric_weight_g,

        case
            when item_status = 'CANCELLED' then 'cancelled'
            when return_type is not null then return_type
            when current_stage = 'DELIVERED' then 'delivered'
            else 'open'
        end as outcome,

        coalesce(invoice_gst_rate, master_gst_rate) as gst_rate,

        case
            when igst_rate > 0 then false
            when cgst_rate > 0 then true
            else delivery_state_code = account_state_code
        end as is_intra_state

    from joined

),

final as (

    select
        *,
        -- Chargeable weight of one unit. It is NULL (unknown) unless the package or the SKU
        -- master gives both the dead weight and the size, because greatest() skips NULLs.
        cast(
            case
                when dead_weight_g is not null and volumetric_weight_g is not null
                    then greatest(dead_weight_g, volumetric_weight_g)
            end
            as decimal(18, 4)
        ) as unit_weight_g,
        outcome in ('open', 'delivered') as is_kept_sale

    from derived

)

select * from final
