"""Revision 0004 on a store with data: the upload tables come and go, accounts stay."""

import pytest
from alembic import command
from factories import account_input, new_tenant
from report_files import SETTLEMENT_SAMPLE
from sqlalchemy import inspect

from sellerops.db import current_revision, upgrade_to_head
from sellerops.db.migrate import alembic_config
from sellerops.services import add_account, list_accounts
from sellerops.services.report_imports import import_report

NEW_TABLES = {"report_uploads", "report_import_errors"}


@pytest.fixture(autouse=True)
def back_at_head(store):
    """Leave the database at head even when a test fails between downgrade and upgrade."""
    yield
    upgrade_to_head(store.engine)


def table_names(engine):
    return set(inspect(engine).get_table_names())


def test_downgrade_to_0003_drops_upload_tables(store):
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input("main"))
    import_report(owner, account.id, SETTLEMENT_SAMPLE)

    command.downgrade(alembic_config(store.engine), "0003")

    assert current_revision(store.engine) == "0003"
    assert not table_names(store.engine) & NEW_TABLES
    assert [view.name for view in list_accounts(owner)] == ["main"]


def test_upgrade_from_0003_imports_work(store):
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input("main"))
    command.downgrade(alembic_config(store.engine), "0003")

    upgrade_to_head(store.engine)

    assert table_names(store.engine) >= NEW_TABLES
    assert import_report(owner, account.id, SETTLEMENT_SAMPLE).rows_loaded == 3
