"""Open a tenant's DuckDB warehouse with the session settings every step relies on."""

from __future__ import annotations

from pathlib import Path

import duckdb

# Marts bucket TIMESTAMPTZ values into Indian calendar days, weeks and months, so every session
# (this one and dbt's profile) uses the same zone whatever the machine's TZ is.
SESSION_TIME_ZONE = "Asia/Kolkata"


def open_warehouse(path: Path | str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file at `path` with TimeZone pinned; a writable one gets schema `raw`.

    A writable open creates the parent directory and the file. A read-only open of a missing
    file raises FileNotFoundError instead of DuckDB's less specific error.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(
            f"Warehouse file {path} does not exist; run a sync for its tenant first."
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)

    connection = duckdb.connect(str(path), read_only=read_only)
    try:
        connection.execute(f"SET TimeZone = '{SESSION_TIME_ZONE}'")
        if not read_only:
            connection.execute("CREATE SCHEMA IF NOT EXISTS raw")
    except BaseException:
        connection.close()
        raise
    return connection
