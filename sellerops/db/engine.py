"""Engines for the operational store: SQLite (WAL, busy timeout, foreign keys) or PostgreSQL."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL

from sellerops.db.urls import parse_database_url
from sellerops.settings import DEFAULT_BUSY_TIMEOUT_MS

logger = logging.getLogger(__name__)

# Execution option read by the SQLite `begin` hook. "IMMEDIATE" takes the write lock at BEGIN,
# so a writing transaction waits for the lock at its start (up to the busy timeout) instead of
# failing half-way when it upgrades a read lock.
SQLITE_BEGIN_OPTION = "sellerops_sqlite_begin"


def make_engine(raw_url: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    """Create an engine for `raw_url`; raises `ConfigurationError` if the URL is malformed."""
    url = parse_database_url(raw_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, busy_timeout_ms)
    return create_engine(url, pool_pre_ping=True)


def writing(engine: Engine) -> Engine:
    """Return a view of `engine` whose transactions take SQLite's write lock at BEGIN."""
    if engine.dialect.name != "sqlite":
        return engine
    return engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})


def _sqlite_engine(url: URL, busy_timeout_ms: int) -> Engine:
    if url.database and url.database != ":memory:":
        _create_private_file(Path(url.database).expanduser().resolve())
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def configure_connection(dbapi_connection: Any, _record: Any) -> None:
        # Autocommit mode in the driver, so that the `begin` hook below issues every BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin_transaction(connection: Any) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _create_private_file(path: Path) -> None:
    """Create the database file with mode 0600 (and its directory with 0700) if it is missing.

    The file contains password hashes, encrypted secrets and buyer data. SQLite gives the -wal and
    -shm files the mode of the database file, so they stay private too.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)
