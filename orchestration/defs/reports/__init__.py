"""Import of Seller Hub report files dropped in each tenant's upload inbox."""
