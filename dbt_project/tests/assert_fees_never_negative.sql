-- No predicted fee, GST on fees, TCS or TDS of any order item is below zero (threshold: 0 rows).

select
    order_item_id,
    commission,
    fixed_fee,
    collection_fee,
    forward_shipping,
    reverse_shipping,
    gst_on_fees,
    tcs,
    tds

from {{ ref('order_items') }}
where
    commission < 0
    or fixed_fee < 0
    or collection_fee < 0
    or forward_shipping < 0
    or reverse_shipping < 0
    or gst_on_fees < 0
    or tcs < 0
    or tds < 0
