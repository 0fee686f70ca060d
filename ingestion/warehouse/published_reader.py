"""Shared read-only connections to published warehouse copies, one per copy in use.

Opening a DuckDB file took 20 to 190 ms per query on a million-item copy on a busy machine. A
dashboard page runs several queries, so readers keep one connection per published file and give
each query its own cursor.

The pipeline publishes by renaming a new file over the old path. DuckDB caches open databases
by path, so while any connection to the old file stays open, a new `duckdb.connect` of the same
path hands back the old database. A reader must therefore close the old copy's connection before
it opens the new one, and it may close it only when no query is running on it. `PublishedReader`
does both: a query names the file version it expects (see
`sellerops.services.warehouse_reads.PublishedWarehouse.file_version`), and a version change
waits for the old copy's queries to finish, closes that copy and opens the new one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.warehouse.connection import SESSION_TIME_ZONE, open_warehouse


@dataclass
class _OpenCopy:
    version: str
    connection: duckdb.DuckDBPyConnection
    queries: int = 0


class PublishedReader:
    """Cursors on published copies: one connection per path, reopened on a new version."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._copies: dict[Path, _OpenCopy] = {}

    @contextmanager
    def cursor(self, path: Path | str, version: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a cursor on the copy at `path` as of `version`, with the time zone pinned."""
        copy = self._acquire(Path(path), version)
        try:
            cursor = copy.connection.cursor()
            try:
                # A cursor is a new session of the same database: set the zone again.
                cursor.execute(f"SET TimeZone = '{SESSION_TIME_ZONE}'")
                yield cursor
            finally:
                cursor.close()
        finally:
            with self._changed:
                copy.queries -= 1
                self._changed.notify_all()

    def close(self) -> None:
        """Close every connection once its running queries have finished."""
        with self._changed:
            while any(copy.queries for copy in self._copies.values()):
                self._changed.wait()
            for copy in self._copies.values():
                copy.connection.close()
            self._copies.clear()

    def _acquire(self, path: Path, version: str) -> _OpenCopy:
        with self._changed:
            while True:
                copy = self._copies.get(path)
                if copy is not None and copy.version == version:
                    break
                if copy is not None and copy.queries:
                    self._changed.wait()
                    continue
                if copy is not None:
                    copy.connection.close()
                    del self._copies[path]
                copy = _OpenCopy(version, open_warehouse(path, read_only=True))
                self._copies[path] = copy
                break
            copy.queries += 1
            return copy
