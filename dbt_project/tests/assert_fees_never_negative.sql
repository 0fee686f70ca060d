-- No fee predicted from the rate card, nor its GST, TCS or TDS, is below zero (threshold: 0 rows).
-- Fees from a settlement report are left out: a real report can carry a reversal below zero.

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
    fee_source = 'rate_card_estimate'
    and (
        commission < 0
        or fixed_fee < 0
        or collection_fee < 0
        or forward_shipping < 0
        or reverse_shipping < 0
        or gst_on_fees < 0
        or tcs < 0
        or tds < 0
    )
