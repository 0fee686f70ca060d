"""What the intelligence assets read and report around their models, on a real DuckDB file."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import polars as pl
import pytest

from ingestion.warehouse.connection import open_warehouse
from models_ml.registry import ModelVersion
from orchestration.defs.intelligence.outputs import account_rows, read_as_of, version_metadata

LATEST = datetime(2026, 11, 30, 4, 30, tzinfo=UTC)


@pytest.fixture
def connection(tmp_path):
    connection = open_warehouse(tmp_path / "tenant.duckdb")
    connection.execute("create schema marts")
    connection.execute("create table marts.sla_shipments (account_id varchar, as_of timestamptz)")
    connection.execute(
        "insert into marts.sla_shipments values (?, ?), (?, ?), (?, ?)",
        [
            "a1",
            datetime(2026, 11, 1, tzinfo=UTC),
            "a1",
            LATEST,
            "a2",
            datetime(2026, 1, 1, tzinfo=UTC),
        ],
    )
    yield connection
    connection.close()


def test_as_of_is_latest_in_utc(connection) -> None:
    as_of = read_as_of(connection, "a1")

    assert as_of == LATEST
    assert as_of.utcoffset().total_seconds() == 0


def test_as_of_none_without_shipments(connection) -> None:
    assert read_as_of(connection, "a9") is None


def test_as_of_leaves_connection_usable(connection) -> None:
    read_as_of(connection, "a1")

    assert connection.execute("select 1").fetchall() == [(1,)]


def test_account_rows_filters(connection) -> None:
    frame = pl.DataFrame({"account_id": ["a1", "a2", "a1"], "sku": ["x", "y", "z"]})

    assert account_rows(frame, "a1")["sku"].to_list() == ["x", "z"]


def test_version_metadata_keeps_nan() -> None:
    version = ModelVersion(
        name="rto_risk",
        version="0123456789ab",
        kind="baseline",
        trained_at=LATEST,
        window_start=LATEST,
        window_end=LATEST,
        features=("payment_type",),
        metrics={"roc_auc": float("nan"), "brier": 0.1, "note": "x", "labelled_orders": 40},
        rows=40,
    )

    metadata = version_metadata(version)

    assert metadata["model_version"] == "0123456789ab"
    assert metadata["model_kind"] == "baseline"
    assert math.isnan(metadata["roc_auc"].value)
    assert metadata["brier"].value == 0.1
    assert metadata["labelled_orders"].value == 40.0
    assert metadata["note"] == "x"
    assert metadata["training_rows"] == 40
