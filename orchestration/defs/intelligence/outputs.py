"""Steps every intelligence asset takes around its model: read `as_of`, write rows, report."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import polars as pl

from ingestion.warehouse.ml_tables import (
    clear_account_rows,
    ensure_ml_tables,
    record_model_version,
    replace_account_rows,
)
from models_ml.registry import ModelVersion
from orchestration.defs.sync.partitions import AccountPartition, parse_partition_key
from orchestration.defs.sync.resources import WarehouseResource


def read_as_of(connection: duckdb.DuckDBPyConnection, account_id: str) -> datetime | None:
    """Return the server time of the account's latest sync (marts.sla_shipments.as_of), in UTC.

    Models score "now" as of this instant rather than the wall clock, so a rerun on the same
    data gives the same output. None when the account has no shipments yet.
    """
    # fetchall, because DuckDB 2 refuses the next statement while a result is unread.
    ((as_of,),) = connection.execute(
        "SELECT max(as_of) FROM marts.sla_shipments WHERE account_id = ?", [account_id]
    ).fetchall()
    # In UTC like every frame of models_ml.frames: polars does not compare across zones.
    return as_of.astimezone(UTC) if as_of is not None else None


def write_output(
    connection: duckdb.DuckDBPyConnection,
    partition: AccountPartition,
    table: str,
    frame: pl.DataFrame,
    version: ModelVersion,
    *,
    artifact: Path | None = None,
) -> int:
    """Record `version` for the account and replace its rows of `ml.<table>` with `frame`."""
    ensure_ml_tables(connection)
    record_model_version(
        connection, version, account_id=partition.account_id, artifact_path=artifact
    )
    return replace_account_rows(
        connection,
        table,
        frame,
        account_id=partition.account_id,
        model_version=version.version,
    )


def account_rows(frame: pl.DataFrame, account_id: str) -> pl.DataFrame:
    """Return the rows of one account from a tenant-wide frame."""
    return frame.filter(pl.col("account_id") == account_id)


NO_SHIPMENTS = "the account has no shipments in marts.sla_shipments yet"


def skip_without_data(
    context: dg.AssetExecutionContext,
    connection: duckdb.DuckDBPyConnection,
    partition: AccountPartition,
    table: str | None,
    *,
    reason: str = NO_SHIPMENTS,
) -> dg.MaterializeResult:
    """Clear the account's rows of `ml.<table>` and report why there was nothing to model."""
    ensure_ml_tables(connection)
    cleared = clear_account_rows(connection, table, account_id=partition.account_id) if table else 0
    context.log.warning(
        "Partition %s: nothing to model for ml.%s because %s; %d old rows cleared",
        partition.key,
        table or "model_versions",
        reason,
        cleared,
    )
    return dg.MaterializeResult(metadata={"rows": 0, "skipped": reason})


def version_metadata(version: ModelVersion) -> dict[str, Any]:
    """Return the version's identity, window and metrics as Dagster metadata."""
    metadata: dict[str, Any] = {
        "model_version": version.version,
        "model_kind": version.kind,
        "window_start": version.window_start.isoformat(),
        "window_end": version.window_end.isoformat(),
        "training_rows": version.rows,
        "features": dg.MetadataValue.json(list(version.features)),
    }
    for name, value in sorted(version.metrics.items()):
        metadata[name] = dg.MetadataValue.float(float(value)) if _is_number(value) else str(value)
    return metadata


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return not (isinstance(value, float) and math.isinf(value))


@dataclass(frozen=True)
class ModelOutput:
    """One account's model result: the rows of its `ml` table and the version that made them.

    `inputs` counts the rows the model read, by name ("order items"). `detail` summarizes the
    rows for the log line, and `metadata` adds entries to the materialization.
    """

    frame: pl.DataFrame
    version: ModelVersion
    inputs: dict[str, int]
    detail: str
    metadata: dict[str, Any] = field(default_factory=dict)


# Called with the working file's connection, the account id and `as_of`.
ModelStep = Callable[[duckdb.DuckDBPyConnection, str, datetime], ModelOutput]


def materialize_account_model(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    table: str,
    run_model: ModelStep,
    *,
    skip_on: tuple[type[Exception], ...] = (),
) -> dg.MaterializeResult:
    """Run `run_model` on the partition's account and replace the account's rows of `ml.<table>`.

    Runs under the tenant's write lock. When the account has no shipments yet, or `run_model`
    raises one of `skip_on`, the account's old rows are cleared and the reason is logged and
    returned as `skipped` metadata.
    """
    partition = parse_partition_key(context.partition_key)

    with warehouse.writer(partition.tenant_slug) as connection:
        as_of = read_as_of(connection, partition.account_id)
        if as_of is None:
            return skip_without_data(context, connection, partition, table)
        try:
            output = run_model(connection, partition.account_id, as_of)
        except skip_on as error:
            return skip_without_data(context, connection, partition, table, reason=str(error))
        written = write_output(connection, partition, table, output.frame, output.version)

    inputs = " and ".join(f"{count} {name}" for name, count in output.inputs.items())
    context.log.info(
        "Partition %s: %s in, %d rows to ml.%s (%s)",
        partition.key,
        inputs,
        written,
        table,
        output.detail,
    )
    metadata = {**version_metadata(output.version), "rows": written, **output.metadata}
    return dg.MaterializeResult(metadata=metadata)
