"""The price model tests' sandbox warehouse, built once per session.

The price tests need their own seller: on the shared warehouse's four months the suggestions
captured 88.9 % of the true optimal gain, under the 90 % the tests require, because the
180-day demand window reaches back before the first order.
"""

from __future__ import annotations

import pytest
from pricing_warehouse import PricingWarehouse, load_pricing_warehouse
from shared_sandbox import SharedWarehouse, build_shared_warehouse

# Six months of history at 40 orders a day: every SKU's price changes every 10-35 days, so
# the busier SKUs sell at five or more prices.
PRICING_SANDBOX = {"seed": 11, "orders_per_day": 40.0, "history_days": 180}


@pytest.fixture(scope="session")
def pricing_sandbox(tmp_path_factory: pytest.TempPathFactory) -> SharedWarehouse:
    return build_shared_warehouse(tmp_path_factory.mktemp("pricing-warehouse"), **PRICING_SANDBOX)


@pytest.fixture(scope="session")
def pricing_warehouse(pricing_sandbox: SharedWarehouse) -> PricingWarehouse:
    """The pricing frames of the pricing sandbox's one seller, with the seller's truth."""
    return load_pricing_warehouse(pricing_sandbox)
