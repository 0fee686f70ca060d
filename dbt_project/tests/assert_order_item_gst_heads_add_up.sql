-- For every order item, CGST + SGST + IGST equals the order item value minus its taxable value,
-- and either IGST or CGST + SGST is zero (threshold: 0 rows).

select
    order_item_id,
    order_item_value,
    taxable_value,
    cgst_amount,
    sgst_amount,
    igst_amount

from {{ ref('order_items') }}
where
    cgst_amount + sgst_amount + igst_amount != order_item_value - taxable_value
    or (igst_amount != 0 and cgst_amount + sgst_amount != 0)
