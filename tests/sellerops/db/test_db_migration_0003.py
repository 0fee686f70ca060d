"""Revision 0003 on a store with data: accounts get default fee settings, new tables work."""

from decimal import Decimal

import pytest
from alembic import command
from factories import account_input, new_tenant
from sqlalchemy import inspect, text

from sellerops.db import current_revision, head_revision, upgrade_to_head
from sellerops.db.migrate import alembic_config
from sellerops.services import add_account, list_accounts
from sellerops.services.account_profile import account_profile, set_location
from sellerops.services.catalog import SkuInput, list_skus, upsert_skus

NEW_TABLES = {"seller_locations", "skus", "sync_cursors"}


@pytest.fixture(autouse=True)
def back_at_head(store):
    """Leave the database at head even when a test fails between downgrade and upgrade."""
    yield
    upgrade_to_head(store.engine)


def table_names(engine):
    return set(inspect(engine).get_table_names())


def test_upgrade_from_0002_keeps_accounts(store):
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input("main"))
    config = alembic_config(store.engine)

    command.downgrade(config, "0002")
    assert current_revision(store.engine) == "0002"
    assert not table_names(store.engine) & NEW_TABLES
    columns = {column["name"] for column in inspect(store.engine).get_columns("seller_accounts")}
    assert not {"tier", "fulfilment"} & columns

    assert upgrade_to_head(store.engine) == head_revision()

    profile = account_profile(owner, account.id)
    assert (profile.tier, profile.fulfilment) == ("GOLD", "NON_FBF")
    assert [view.name for view in list_accounts(owner)] == ["main"]
    assert table_names(store.engine) >= NEW_TABLES


def test_new_tables_usable_after_upgrade(store):
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input("main"))
    command.downgrade(alembic_config(store.engine), "0002")
    upgrade_to_head(store.engine)

    set_location(owner, account.id, "LOC1", "Pune", "411001", "27")
    upsert_skus(owner, [SkuInput("S1", cost_price="10.10")])

    assert account_profile(owner, account.id).locations[0].city == "Pune"
    assert list_skus(owner)[0].cost_price == Decimal("10.10")


def test_money_columns_exact_on_each_backend(store):
    owner = new_tenant(store, "acme")
    upsert_skus(owner, [SkuInput("S1", cost_price="1234567890123456.78")])

    with store.operator_read() as session:
        stored = session.execute(text("SELECT cost_price FROM skus")).scalar_one()

    # SQLite keeps the text, PostgreSQL a NUMERIC(18,2); neither goes through a float.
    assert str(stored) == "1234567890123456.78"
