"""Schema `ml` in a real DuckDB file: creation, per-account replacement, version records."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import duckdb
import polars as pl
import pytest

from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.ml_tables import (
    ML_TABLES,
    ensure_ml_tables,
    record_model_version,
    replace_account_rows,
)
from models_ml.registry import ModelVersion, model_version

AS_OF = datetime(2026, 11, 30, 12, tzinfo=UTC)


@pytest.fixture
def connection(tmp_path) -> duckdb.DuckDBPyConnection:
    connection = open_warehouse(tmp_path / "tenant.duckdb")
    ensure_ml_tables(connection)
    yield connection
    connection.close()


def scores(*rows: tuple[str, str, float]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "order_item_id": [row[0] for row in rows],
            "account_id": [row[1] for row in rows],
            "rto_probability": [row[2] for row in rows],
            "model_kind": ["lightgbm"] * len(rows),
            "scored_at": [AS_OF] * len(rows),
        }
    )


def suggestions(sku: str, price: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "sku": [sku],
            "current_price": [Decimal(price)],
            "suggested_price": [Decimal(price) + Decimal("10.25")],
            "min_price": [None],
            "max_price": [Decimal(price) + Decimal("49.00")],
            "expected_profit_change": [Decimal("120.50")],
            "low": [Decimal("80.00")],
            "high": [Decimal("150.75")],
            "reason": ["demand is inelastic"],
            "guardrail": [None],
            "elasticity": [-0.8],
            "elasticity_source": ["own"],
        },
        schema_overrides={"guardrail": pl.Utf8, "min_price": pl.Decimal(18, 2)},
    )


def table_names(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = 'ml'"
    ).fetchall()
    return {name for (name,) in rows}


def test_ensure_creates_every_table(connection) -> None:
    assert table_names(connection) == {table.name for table in ML_TABLES}


def test_ensure_repeats_without_change(connection) -> None:
    assert ensure_ml_tables(connection) == []


def test_ensure_recreates_outdated_table(connection) -> None:
    connection.execute("drop table ml.fast_movers")
    connection.execute("create table ml.fast_movers (sku varchar)")

    assert ensure_ml_tables(connection) == ["fast_movers"]
    columns = connection.execute("select * from ml.fast_movers").description
    assert [column[0] for column in columns][-2:] == ["account_id", "model_version"]


def test_every_table_has_account_and_version(connection) -> None:
    for table in ML_TABLES:
        names = {column for column, _type in table.columns}
        assert {"account_id", "model_version"} <= names, table.name


def test_replace_writes_money_as_decimal(connection) -> None:
    replace_account_rows(
        connection,
        "price_suggestions",
        suggestions("SKU-1", "499.99"),
        account_id="a1",
        model_version="v1",
    )

    row = connection.execute(
        "select current_price, suggested_price, min_price, max_price, account_id, model_version "
        "from ml.price_suggestions"
    ).fetchone()
    assert row == (Decimal("499.99"), Decimal("510.24"), None, Decimal("548.99"), "a1", "v1")


def test_replace_keeps_other_accounts(connection) -> None:
    replace_account_rows(
        connection,
        "price_suggestions",
        suggestions("SKU-1", "100"),
        account_id="a1",
        model_version="v1",
    )
    replace_account_rows(
        connection,
        "price_suggestions",
        suggestions("SKU-2", "200"),
        account_id="a2",
        model_version="v1",
    )
    replace_account_rows(
        connection,
        "price_suggestions",
        suggestions("SKU-3", "300"),
        account_id="a1",
        model_version="v2",
    )

    rows = connection.execute(
        "select account_id, sku, model_version from ml.price_suggestions order by account_id"
    ).fetchall()
    assert rows == [("a1", "SKU-3", "v2"), ("a2", "SKU-2", "v1")]


def test_replace_accepts_own_account_column(connection) -> None:
    written = replace_account_rows(
        connection,
        "rto_item_scores",
        scores(("OI-1", "a1", 0.25), ("OI-2", "a1", 0.5)),
        account_id="a1",
        model_version="v1",
    )

    assert written == 2
    total = connection.execute("select sum(rto_probability) from ml.rto_item_scores").fetchone()
    assert total == (0.75,)


def test_replace_rejects_foreign_account(connection) -> None:
    with pytest.raises(ValueError, match="1 rows name another account than 'a1'"):
        replace_account_rows(
            connection,
            "rto_item_scores",
            scores(("OI-1", "a1", 0.2), ("OI-2", "b9", 0.3)),
            account_id="a1",
            model_version="v1",
        )


def test_replace_rejects_missing_column(connection) -> None:
    frame = suggestions("SKU-1", "100").drop("reason")

    with pytest.raises(ValueError, match=r"missing: \['reason'\], unexpected: none"):
        replace_account_rows(
            connection, "price_suggestions", frame, account_id="a1", model_version="v1"
        )


def test_replace_rejects_unknown_table(connection) -> None:
    with pytest.raises(ValueError, match="'model_versions' is not an ml output table"):
        replace_account_rows(
            connection, "model_versions", pl.DataFrame(), account_id="a1", model_version="v1"
        )


def test_replace_rolls_back_on_bad_value(connection) -> None:
    replace_account_rows(
        connection,
        "rto_item_scores",
        scores(("OI-1", "a1", 0.2)),
        account_id="a1",
        model_version="v1",
    )
    broken = scores(("OI-2", "a1", 0.4)).with_columns(pl.lit(None, pl.Utf8).alias("model_kind"))

    with pytest.raises(duckdb.ConstraintException):
        replace_account_rows(
            connection, "rto_item_scores", broken, account_id="a1", model_version="v2"
        )

    rows = connection.execute("select order_item_id, model_version from ml.rto_item_scores")
    assert rows.fetchall() == [("OI-1", "v1")]


def version_record(seed: int) -> ModelVersion:
    start = datetime(2026, 10, 1, tzinfo=UTC)
    features = ("payment_type", "zone")
    params = {"num_leaves": 15}
    return ModelVersion(
        name="rto",
        version=model_version("rto", start, AS_OF, features, params, seed),
        kind="lightgbm",
        trained_at=AS_OF,
        window_start=start,
        window_end=AS_OF,
        features=features,
        params=params,
        metrics={"roc_auc": 0.8, "pr_auc": float("nan")},
        rows=640,
    )


def test_record_version_stores_fields(connection, tmp_path) -> None:
    version = version_record(seed=7)

    record_model_version(connection, version, account_id="a1", artifact_path=tmp_path / "m.txt")

    row = connection.execute(
        "select model_version, name, kind, window_end, features, params, metrics, rows, "
        "artifact_path from ml.model_versions"
    ).fetchone()
    assert row[0] == version.version
    assert row[1:3] == ("rto", "lightgbm")
    assert row[3] == AS_OF
    assert row[4] == ["payment_type", "zone"]
    assert json.loads(row[5]) == {"num_leaves": 15}
    assert json.loads(row[6]) == {"pr_auc": None, "roc_auc": 0.8}
    assert row[7] == 640
    assert row[8] == str(tmp_path / "m.txt")


def test_record_version_keeps_history(connection) -> None:
    for seed in (7, 8, 7):
        record_model_version(connection, version_record(seed), account_id="a1")

    rows = connection.execute(
        "select count(*), count(distinct model_version) from ml.model_versions"
    )
    assert rows.fetchone() == (2, 2)
