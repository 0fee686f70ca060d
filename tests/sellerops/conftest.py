"""Fixtures for the operational core: every store test runs on SQLite and on PostgreSQL.

The real migrations build one database per test process and backend. Each test then starts
from it empty, as a copy of the SQLite file or with the PostgreSQL tables truncated.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from sellerops.db import make_engine, upgrade_to_head
from sellerops.models import GENESIS_HASH, Base
from sellerops.services import ensure_default_plan
from sellerops.settings import PasswordHashing, Settings
from sellerops.store import Store

POSTGRES_ADMIN_URL = os.environ.get(
    "SELLEROPS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)

# Argon2id at its cheapest, so that tests creating dozens of users stay fast.
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)

BACKENDS = ["sqlite", "postgresql"]


def postgres_url(database: str) -> str:
    """Return the SQLAlchemy URL of `database` on the test PostgreSQL server."""
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return f"{base}/{database}"


def _admin() -> psycopg.Connection:
    try:
        return psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        reason = " ".join(str(error).split())
    # Failed outside the except block, so the report shows this message without a traceback chain.
    pytest.fail(
        f"PostgreSQL at {POSTGRES_ADMIN_URL} is unreachable ({reason}); start it or point "
        f"SELLEROPS_TEST_POSTGRES_URL at a server with trust auth.",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "sellerops.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A migrated PostgreSQL database of this test process, dropped at the end."""
    name = f"sellerops_test_{uuid.uuid4().hex[:12]}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(postgres_url(name))
    upgrade_to_head(engine)
    engine.dispose()
    yield name
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _empty_postgres(name: str) -> None:
    tables = [
        table.name for table in Base.metadata.sorted_tables if table.name != "audit_chain_head"
    ]
    with psycopg.connect(postgres_url(name).replace("+psycopg", ""), autocommit=True) as connection:
        # Replica mode switches off the trigger that rejects TRUNCATE of audit_entries.
        connection.execute("SET session_replication_role = replica")
        connection.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        connection.execute(
            "UPDATE audit_chain_head SET last_sequence = 0, last_hash = %s, "
            "key_encrypted = NULL, head_mac = NULL",
            [GENESIS_HASH],
        )


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database on the parametrized backend.

    SQLite gets a copy of a template file; PostgreSQL gets this process's database emptied.
    """
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "sellerops.db"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"

    name = request.getfixturevalue("postgres_database")
    _empty_postgres(name)
    return postgres_url(name)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        key_file=tmp_path / "data" / "secret.key",
        password_hashing=FAST_HASHING,
    )


@pytest.fixture
def bare_store(settings: Settings) -> Iterator[Store]:
    """A store with no rows yet: no plan and an empty audit log."""
    opened = Store.open(settings)
    yield opened
    opened.close()


@pytest.fixture
def store(bare_store: Store) -> Store:
    """A store initialized as `sellerops init` leaves it: with the `unlimited` plan."""
    ensure_default_plan(bare_store, "operator:test")
    return bare_store
