"""Revision 0005 on a store with data: the stock tables come and go, the SKU master stays."""

import pytest
from alembic import command
from factories import new_tenant
from sqlalchemy import inspect

from sellerops.db import current_revision, upgrade_to_head
from sellerops.db.migrate import alembic_config
from sellerops.services.catalog import SkuInput, list_skus, upsert_skus
from sellerops.services.stock import receive_stock, stock_levels

NEW_TABLES = {"stock_movements", "stock_levels", "stock_pushes"}


@pytest.fixture(autouse=True)
def back_at_head(store):
    """Leave the database at head even when a test fails between downgrade and upgrade."""
    yield
    upgrade_to_head(store.engine)


def table_names(engine):
    return set(inspect(engine).get_table_names())


def test_downgrade_to_0004_drops_stock_tables(store):
    owner = new_tenant(store, "acme")
    upsert_skus(owner, [SkuInput("MUG")])
    receive_stock(owner, "MUG", "LOC1", 3, "GRN-1")

    command.downgrade(alembic_config(store.engine), "0004")

    assert current_revision(store.engine) == "0004"
    assert not table_names(store.engine) & NEW_TABLES
    assert [view.sku for view in list_skus(owner)] == ["MUG"]


def test_upgrade_from_0004_receipts_work(store):
    owner = new_tenant(store, "acme")
    upsert_skus(owner, [SkuInput("MUG")])
    command.downgrade(alembic_config(store.engine), "0004")

    upgrade_to_head(store.engine)

    assert table_names(store.engine) >= NEW_TABLES
    receive_stock(owner, "MUG", "LOC1", 3, "GRN-1")
    assert [level.on_hand for level in stock_levels(owner)] == [3]
