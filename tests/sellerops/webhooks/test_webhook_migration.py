"""Revision 0007 on a store with data: the event inbox comes and goes, accounts stay."""

import pytest
from alembic import command
from factories import account_input, new_tenant
from sqlalchemy import inspect

from sellerops.db import current_revision, upgrade_to_head
from sellerops.db.migrate import alembic_config
from sellerops.services import add_account, list_accounts


@pytest.fixture(autouse=True)
def back_at_head(store):
    """Leave the database at head even when a test fails between downgrade and upgrade."""
    yield
    upgrade_to_head(store.engine)


def test_downgrade_to_0006_drops_inbox(store):
    owner = new_tenant(store, "acme")
    add_account(owner, account_input("main"))

    command.downgrade(alembic_config(store.engine), "0006")

    assert current_revision(store.engine) == "0006"
    assert "webhook_events" not in inspect(store.engine).get_table_names()
    assert [account.name for account in list_accounts(owner)] == ["main"]


def test_upgrade_from_0006_adds_inbox(store):
    command.downgrade(alembic_config(store.engine), "0006")

    upgrade_to_head(store.engine)

    inspector = inspect(store.engine)
    assert "webhook_events" in inspector.get_table_names()
    unique = inspector.get_unique_constraints("webhook_events")
    assert [constraint["column_names"] for constraint in unique] == [["account_id", "event_key"]]
