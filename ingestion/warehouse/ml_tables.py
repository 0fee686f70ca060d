"""Schema `ml` of a tenant's warehouse: model versions and the scores the models write back.

The intelligence assets compute each table per seller account and replace that account's rows
on every run, so a tenant with several accounts keeps one current set of rows per account.
`ml.model_versions` keeps every version ever trained, so an old score can still be traced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from models_ml.registry import ModelVersion

ML_SCHEMA = "ml"
ACCOUNT_COLUMN = "account_id"
VERSION_COLUMN = "model_version"


@dataclass(frozen=True)
class MLTable:
    """One table of schema `ml`: its name and its columns with their DuckDB types."""

    name: str
    columns: tuple[tuple[str, str], ...]

    @property
    def qualified_name(self) -> str:
        return f"{ML_SCHEMA}.{self.name}"

    @property
    def frame_columns(self) -> tuple[str, ...]:
        """The columns a model's output frame supplies: all but account and version."""
        return tuple(
            name for name, _type in self.columns if name not in (ACCOUNT_COLUMN, VERSION_COLUMN)
        )


def _tagged(*columns: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (*columns, (ACCOUNT_COLUMN, "VARCHAR NOT NULL"), (VERSION_COLUMN, "VARCHAR NOT NULL"))


RTO_ITEM_SCORES = MLTable(
    "rto_item_scores",
    (
        ("order_item_id", "VARCHAR NOT NULL"),
        (ACCOUNT_COLUMN, "VARCHAR NOT NULL"),
        ("rto_probability", "DOUBLE NOT NULL"),
        ("model_kind", "VARCHAR NOT NULL"),
        ("scored_at", "TIMESTAMPTZ NOT NULL"),
        (VERSION_COLUMN, "VARCHAR NOT NULL"),
    ),
)
SKU_RTO_RATES = MLTable(
    "sku_rto_rates",
    _tagged(
        ("sku", "VARCHAR NOT NULL"),
        ("predicted_rate", "DOUBLE"),
        ("low", "DOUBLE"),
        ("high", "DOUBLE"),
        ("orders", "BIGINT"),
        ("observed_rate", "DOUBLE"),
        ("rank", "INTEGER"),
    ),
)
PRICE_SUGGESTIONS = MLTable(
    "price_suggestions",
    _tagged(
        ("sku", "VARCHAR NOT NULL"),
        ("current_price", "DECIMAL(18,2)"),
        # Null, with expected_profit_change, low, high and guardrail, when the SKU's price
        # response is unclear. The reason then explains why no price is suggested.
        ("suggested_price", "DECIMAL(18,2)"),
        # The guardrail bounds of the suggestion: margin floor (null when no price within one
        # step keeps the minimum margin) and the highest price the step and the MRP allow.
        ("min_price", "DECIMAL(18,2)"),
        ("max_price", "DECIMAL(18,2)"),
        ("expected_profit_change", "DECIMAL(18,2)"),
        ("low", "DECIMAL(18,2)"),
        ("high", "DECIMAL(18,2)"),
        ("reason", "VARCHAR"),
        ("guardrail", "VARCHAR"),
        ("elasticity", "DOUBLE"),
        ("elasticity_source", "VARCHAR"),
    ),
)
DELAY_FINDINGS = MLTable(
    "delay_findings",
    _tagged(
        ("dimension", "VARCHAR NOT NULL"),
        ("value", "VARCHAR"),
        ("orders", "BIGINT"),
        ("late", "BIGINT"),
        ("late_rate", "DOUBLE"),
        ("rest_rate", "DOUBLE"),
        ("effect", "DOUBLE"),
        ("low", "DOUBLE"),
        ("high", "DOUBLE"),
        ("rank", "INTEGER"),
    ),
)
FAST_MOVERS = MLTable(
    "fast_movers",
    _tagged(
        ("sku", "VARCHAR NOT NULL"),
        ("units_7d", "BIGINT"),
        ("units_30d", "BIGINT"),
        ("velocity", "DOUBLE"),
        ("trend", "VARCHAR"),
        ("abc_class", "VARCHAR"),
        ("revenue_share", "DOUBLE"),
        ("days_of_cover", "DOUBLE"),
    ),
)
OUTPUT_TABLES = {
    table.name: table
    for table in (RTO_ITEM_SCORES, SKU_RTO_RATES, PRICE_SUGGESTIONS, DELAY_FINDINGS, FAST_MOVERS)
}

MODEL_VERSIONS = MLTable(
    "model_versions",
    (
        (ACCOUNT_COLUMN, "VARCHAR NOT NULL"),
        (VERSION_COLUMN, "VARCHAR NOT NULL"),
        ("name", "VARCHAR NOT NULL"),
        ("kind", "VARCHAR NOT NULL"),
        ("trained_at", "TIMESTAMPTZ NOT NULL"),
        ("window_start", "TIMESTAMPTZ NOT NULL"),
        ("window_end", "TIMESTAMPTZ NOT NULL"),
        ("features", "VARCHAR[] NOT NULL"),
        ("params", "JSON NOT NULL"),
        ("metrics", "JSON NOT NULL"),
        ("rows", "BIGINT NOT NULL"),
        ("artifact_path", "VARCHAR"),
    ),
)
ML_TABLES = (MODEL_VERSIONS, *OUTPUT_TABLES.values())


def ensure_ml_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Create schema `ml` and its tables when missing; return the tables recreated.

    A table whose columns or types differ from the definitions here (an older release) is
    dropped and created anew. Its rows are derived, so the next run of each account refills it.
    """
    connection.execute(f"CREATE SCHEMA IF NOT EXISTS {ML_SCHEMA}")
    recreated = []
    for table in ML_TABLES:
        existing = _existing_columns(connection, table.name)
        if existing and existing != _expected_columns(connection, table):
            connection.execute(f"DROP TABLE {table.qualified_name}")
            recreated.append(table.name)
        columns = ",\n    ".join(f'"{name}" {kind}' for name, kind in table.columns)
        connection.execute(f"CREATE TABLE IF NOT EXISTS {table.qualified_name} (\n    {columns}\n)")
    return recreated


def replace_account_rows(
    connection: duckdb.DuckDBPyConnection,
    table_name: str,
    frame: pl.DataFrame,
    *,
    account_id: str,
    model_version: str,
) -> int:
    """Replace the account's rows of `ml.<table_name>` with `frame` in one transaction.

    `frame` must have exactly the table's columns other than `account_id` and `model_version`,
    in any order; an `account_id` column is allowed when it names only `account_id`. Returns
    the rows written.
    """
    table = _output_table(table_name)
    _check_frame_columns(table, frame)
    if ACCOUNT_COLUMN in frame.columns:
        foreign = frame.filter(pl.col(ACCOUNT_COLUMN) != account_id)
        if foreign.height:
            raise ValueError(
                f"ml.{table.name}: {foreign.height} rows name another account than "
                f"{account_id!r} (e.g. {foreign[ACCOUNT_COLUMN][0]!r}); filter the model's "
                "input to the partition's account first."
            )

    names = [name for name, _type in table.columns]
    # Account and version come from the parameters, every other column from the frame.
    sources = {ACCOUNT_COLUMN: "$account_id", VERSION_COLUMN: "$version"}
    selected = ", ".join(sources.get(name, f'"{name}"') for name in names)
    parameters = {"account_id": account_id, "version": model_version}

    connection.register("ml_frame", frame.to_arrow())
    connection.execute("BEGIN TRANSACTION")
    try:
        connection.execute(
            f"DELETE FROM {table.qualified_name} WHERE {ACCOUNT_COLUMN} = ?",  # noqa: S608
            [account_id],
        )
        connection.execute(
            f"INSERT INTO {table.qualified_name} ({', '.join(names)}) "  # noqa: S608
            f"SELECT {selected} FROM ml_frame",
            parameters,
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        connection.unregister("ml_frame")
    return frame.height


def clear_account_rows(
    connection: duckdb.DuckDBPyConnection, table_name: str, *, account_id: str
) -> int:
    """Delete the account's rows of `ml.<table_name>` (it has no data yet); return the count."""
    table = _output_table(table_name)
    ((deleted,),) = connection.execute(
        f"DELETE FROM {table.qualified_name} WHERE {ACCOUNT_COLUMN} = ?",  # noqa: S608
        [account_id],
    ).fetchall()
    return deleted


def record_model_version(
    connection: duckdb.DuckDBPyConnection,
    version: ModelVersion,
    *,
    account_id: str,
    artifact_path: Path | None = None,
) -> None:
    """Insert the account's row for `version`, replacing an earlier row of the same version."""
    connection.execute(
        f"DELETE FROM {MODEL_VERSIONS.qualified_name} "  # noqa: S608
        "WHERE account_id = ? AND name = ? AND model_version = ?",
        [account_id, version.name, version.version],
    )
    connection.execute(
        f"INSERT INTO {MODEL_VERSIONS.qualified_name} "  # noqa: S608
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::JSON, ?::JSON, ?, ?)",
        [
            account_id,
            version.version,
            version.name,
            version.kind,
            version.trained_at,
            version.window_start,
            version.window_end,
            list(version.features),
            version.params_json(),
            version.metrics_json(),
            version.rows,
            str(artifact_path) if artifact_path is not None else None,
        ],
    )


def _output_table(table_name: str) -> MLTable:
    table = OUTPUT_TABLES.get(table_name)
    if table is None:
        raise ValueError(
            f"Table {table_name!r} is not an ml output table; use one of "
            f"{', '.join(sorted(OUTPUT_TABLES))}."
        )
    return table


def _check_frame_columns(table: MLTable, frame: pl.DataFrame) -> None:
    expected = set(table.frame_columns)
    actual = set(frame.columns) - {ACCOUNT_COLUMN}
    if actual == expected:
        return
    missing = sorted(expected - actual)
    unexpected = sorted(actual - expected)
    raise ValueError(
        f"ml.{table.name}: the model frame's columns do not match the table "
        f"(missing: {missing or 'none'}, unexpected: {unexpected or 'none'}); return exactly "
        f"{', '.join(table.frame_columns)}."
    )


def _existing_columns(
    connection: duckdb.DuckDBPyConnection, table_name: str
) -> list[tuple[str, str]]:
    return [
        (name, kind.upper())
        for name, kind in connection.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
            [ML_SCHEMA, table_name],
        ).fetchall()
    ]


def _expected_columns(
    connection: duckdb.DuckDBPyConnection, table: MLTable
) -> list[tuple[str, str]]:
    """Return the (name, type) pairs DuckDB reports for the table's definition."""
    probe = f"ml_probe_{table.name}"
    columns = ", ".join(f'"{name}" {kind}' for name, kind in table.columns)
    connection.execute(f"CREATE OR REPLACE TEMP TABLE {probe} ({columns})")
    try:
        return [
            (name, kind.upper())
            for name, kind in connection.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? AND table_schema = 'main' AND table_catalog = 'temp' "
                "ORDER BY ordinal_position",
                [probe],
            ).fetchall()
        ]
    finally:
        connection.execute(f"DROP TABLE {probe}")
