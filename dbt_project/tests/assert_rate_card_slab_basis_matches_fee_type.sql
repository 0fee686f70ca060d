-- Shipping fees are slabbed by weight and every other fee by price, as the fee oracle in
-- ingestion/sandbox/simulation/fees.py assumes (threshold: 0 rows).

select
    fee_type,
    slab_basis,
    effective_from

from {{ ref('rate_card') }}
where
    (fee_type in ('forward_shipping', 'reverse_shipping') and slab_basis != 'weight_g')
    or (fee_type not in ('forward_shipping', 'reverse_shipping') and slab_basis != 'price')
