import os
import stat

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.db import current_revision, head_revision, make_engine, upgrade_to_head


def test_sqlite_pragmas(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'ops.db'}", busy_timeout_ms=1234)
    with engine.connect() as connection:
        journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
    engine.dispose()
    assert journal == "wal"
    assert timeout == 1234
    assert foreign_keys == 1


def test_sqlite_files_private(tmp_path):
    path = tmp_path / "data" / "ops.db"
    old_umask = os.umask(0o022)
    try:
        engine = make_engine(f"sqlite:///{path}")
        upgrade_to_head(engine)
    finally:
        os.umask(old_umask)
    modes = {
        name: stat.S_IMODE(os.stat(path.with_name(name)).st_mode)
        for name in ("ops.db", "ops.db-wal", "ops.db-shm")
    }
    engine.dispose()
    assert modes == {"ops.db": 0o600, "ops.db-wal": 0o600, "ops.db-shm": 0o600}
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_migrations_reach_head(store):
    assert current_revision(store.engine) == head_revision()


def test_migrations_rerun_noop(store):
    assert upgrade_to_head(store.engine) == head_revision()


def test_downgrade_then_upgrade(bare_store):
    from alembic import command

    from sellerops.db.migrate import alembic_config

    command.downgrade(alembic_config(bare_store.engine), "base")
    assert current_revision(bare_store.engine) is None
    assert upgrade_to_head(bare_store.engine) == head_revision()


def test_foreign_keys_enforced(store):
    with pytest.raises(DBAPIError), store.operator_write() as session:
        session.execute(
            text(
                "INSERT INTO tenants (id, slug, name, plan_id, created_at) "
                "VALUES ('t1', 'x', 'x', 'no-such-plan', CURRENT_TIMESTAMP)"
            )
        )


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_entries SET result = 'x'", "DELETE FROM audit_entries"]
)
def test_audit_rows_append_only(store, statement):
    record = AuditRecord("test.append", "thing", None, AuditResult.SUCCEEDED, "operator:test")
    with store.operator_write() as session:
        append_entry(session, record)

    with pytest.raises(DBAPIError) as caught, store.operator_write() as session:
        session.execute(text(statement))
    assert "append-only" in str(caught.value)
