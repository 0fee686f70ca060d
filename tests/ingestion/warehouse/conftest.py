"""Fixtures of the warehouse tests: a small sandbox seller, its client and sync cursors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from ingestion.client import FlipkartClient
from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.raw_schema import ensure_raw_schema

SMALL_WORLD = {"sellers": 1, "orders_per_day": 20, "history_days": 20, "speed": 0}


class MemoryCursors:
    """Sync cursors held in memory, with the two methods `sync_account` calls."""

    def __init__(self) -> None:
        self.values: dict[str, datetime] = {}
        self.batches: dict[str, str] = {}

    def get(self, stream: str) -> datetime | None:
        return self.values.get(stream)

    def advance(self, stream: str, cursor_at: datetime, batch_id: str) -> None:
        held = self.values.get(stream)
        if held is None or cursor_at >= held:
            self.values[stream] = cursor_at
            self.batches[stream] = batch_id


def seller_client(server: SandboxServer) -> FlipkartClient:
    """Return a client of the sandbox's first seller."""
    seller = server.credentials()[0]
    return FlipkartClient("local", seller["app_id"], seller["app_secret"], base_url=server.base_url)


def seller_truth(server: SandboxServer) -> dict:
    """Return the ground truth of the sandbox's first seller."""
    seller_id = server.credentials()[0]["seller_id"]
    return server.truth(seller_id)["sellers"][seller_id]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    """A sandbox private to the test module, whose clock only moves when a test moves it."""
    with SandboxServer(seed=11, **SMALL_WORLD) as server:
        yield server


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh warehouse file with the raw schema."""
    connection = open_warehouse(tmp_path / "warehouse" / "tenant.duckdb")
    ensure_raw_schema(connection)
    yield connection
    connection.close()
