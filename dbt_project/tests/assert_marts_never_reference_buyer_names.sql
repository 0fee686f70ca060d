-- No mart has a column for a buyer's name, street address or phone (threshold: 0 columns);
-- delivery city, state and pincode are the only buyer facts the marts keep.

-- It depends on several marts, so dagster-dbt needs `meta.dagster.ref` to attach it as an asset
-- check; it is attached to `orders`.
{{ config(severity='error', meta={'dagster': {'ref': {'name': 'orders'}}}) }}

select
    table_name,
    column_name

from information_schema.columns
where
    table_schema = 'marts'
    and (
        column_name ilike '%buyer%'
        or column_name ilike '%first_name%'
        or column_name ilike '%last_name%'
        or column_name ilike '%address%'
        or column_name ilike '%landmark%'
        or column_name ilike '%contact%'
        or column_name ilike '%phone%'
    )

-- Depend on every mart so this runs after they are built.
-- depends_on: {{ ref('order_items') }} {{ ref('orders') }} {{ ref('returns') }}
-- depends_on: {{ ref('sla_shipments') }} {{ ref('sku_returns') }}
