"""Seller intelligence: RTO risk, price suggestions, dispatch-delay patterns, fast movers."""
