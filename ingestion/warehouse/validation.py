"""Validate each raw batch with great-expectations before it is merged.

A batch passes when the columns to be merged are present, keys are present and unique within
the batch, states and enums are present and known, amounts lie in [0, 10,000,000) rupees and
quantities in 1..1000. A failure on a column value is traced to the records it came from, so
the caller can set those records aside and merge the rest; a failure on the batch as a whole
(a missing column) fails every record. great_expectations is imported inside `validate_batch`
because the import takes about 6 s, which a command that never validates should not pay.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ingestion.client.records.filters import STATES_BY_TYPE
from ingestion.client.records.returns import RETURN_SOURCES
from ingestion.warehouse.batches import Batch

logger = logging.getLogger("ingestion.warehouse")

ORDER_ITEM_STATUSES = sorted({state for states in STATES_BY_TYPE.values() for state in states})
SHIPMENT_KINDS = sorted(STATES_BY_TYPE)
PAYMENT_TYPES = ["COD", "PREPAID"]
# NOTE: Flipkart does not enumerate return statuses. These are the lower-case values seen in
# its responses and paging tokens plus the self-ship flow's states, compared in lower case.
RETURN_STATUSES = [
    "approved",
    "cancellation_in_progress",
    "cancelled",
    "completed",
    "created",
    "init",
    "rejected",
    "requested",
    "service_requested",
]
MAX_AMOUNT = 10_000_000
MIN_QUANTITY = 1
MAX_QUANTITY = 1000
SHIPMENT_AMOUNTS = (
    "selling_price",
    "total_price",
    "shipping_charge",
    "customer_price",
    "flipkart_discount",
)


@dataclass(frozen=True)
class RecordFailure:
    """A value of one record that failed an expectation; `record` is its row in the batch."""

    record: int
    column: str
    value: Any
    expectation: str


@dataclass(frozen=True)
class BatchValidation:
    """The outcome of validating one batch; `report` is the great-expectations result.

    `table_failures` are failed expectations that no single record explains (the whole batch
    must be rejected), `record_failures` those traced to records.
    """

    success: bool
    failed_expectations: list[str] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    table_failures: list[str] = field(default_factory=list)
    record_failures: list[RecordFailure] = field(default_factory=list)

    def failures_by_record(self) -> dict[int, list[RecordFailure]]:
        """Return the record failures grouped by the record's row in the batch."""
        grouped: dict[int, list[RecordFailure]] = {}
        for failure in self.record_failures:
            grouped.setdefault(failure.record, []).append(failure)
        return grouped


def validate_batch(batch: Batch) -> BatchValidation:
    """Run the expectations of the batch's stream over its records and its lines."""
    if batch.row_count == 0:
        return BatchValidation(True, [], {"success": True, "skipped": "empty batch"})

    import great_expectations as gx

    context = _ephemeral_context(gx)
    source = context.data_sources.add_pandas(f"{batch.stream}_batch")
    frames = {"records": _records_frame(batch)}
    if batch.items:
        frames["items"] = _frame(batch.items)

    failed: list[str] = []
    table_failures: list[str] = []
    record_failures: list[RecordFailure] = []
    reports: dict[str, Any] = {}
    for frame_name, frame in frames.items():
        suite = gx.ExpectationSuite(name=f"{batch.stream}_{frame_name}")
        for expectation in _expectations(gx, batch, frame_name):
            suite.add_expectation(expectation)
        asset = source.add_dataframe_asset(frame_name)
        definition = asset.add_batch_definition_whole_dataframe(frame_name)
        result = definition.get_batch(batch_parameters={"dataframe": frame}).validate(
            suite, result_format={"result_format": "COMPLETE"}
        )

        reports[frame_name] = result.to_json_dict()
        records = _record_rows(batch, frame_name)
        for outcome in result.results:
            if outcome.success:
                continue
            described = f"{batch.stream}.{frame_name}: {_describe(outcome.expectation_config)}"
            failed.append(described)
            traced = _trace(outcome, frame, records, frame_name)
            if traced:
                record_failures.extend(traced)
            else:
                table_failures.append(described)

    report = {"stream": batch.stream, "row_count": batch.row_count, "results": reports}
    if failed:
        logger.warning(
            "Batch of %s failed %d expectations: %s", batch.stream, len(failed), "; ".join(failed)
        )
    return BatchValidation(not failed, failed, report, table_failures, record_failures)


def _record_rows(batch: Batch, frame_name: str) -> list[list[int]]:
    # For each row of the frame, the rows of the batch's records it belongs to: itself for
    # the records frame, the record whose key is the line's shipment id for the lines frame.
    keys = batch.rows.column(batch.table.key).to_pylist()
    if frame_name == "records":
        return [[row] for row in range(len(keys))]

    rows_by_key: dict[Any, list[int]] = {}
    for row, key in enumerate(keys):
        rows_by_key.setdefault(key, []).append(row)
    return [rows_by_key.get(key, []) for key in batch.items.get("shipment_id", [])]


def _trace(
    outcome: Any, frame: Any, records: list[list[int]], frame_name: str
) -> list[RecordFailure]:
    # A column expectation run with result_format COMPLETE lists every frame row it failed on
    # (its `unexpected_list` of values stops at 200 in great-expectations 1.24, so the values
    # are read from the frame). An expectation on the whole table lists none and traces to none.
    indexes = outcome.result.get("unexpected_index_list")
    column = outcome.expectation_config.kwargs.get("column")
    if not indexes or column is None or column not in frame.columns:
        return []

    expectation = outcome.expectation_config.type
    failures = []
    for index in indexes:
        rows = records[index] if isinstance(index, int) and 0 <= index < len(records) else []
        if not rows:
            return []
        value = _plain(frame[column].iloc[index])
        failures.extend(
            RecordFailure(row, f"{frame_name}.{column}", value, expectation) for row in rows
        )
    return failures


def _plain(value: Any) -> Any:
    # pandas turns missing numbers into NaN and numbers into numpy scalars; JSON needs neither.
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _expectations(gx: Any, batch: Batch, frame_name: str) -> list[Any]:
    expect = gx.expectations
    stream = batch.stream
    if frame_name == "items":
        return _line_expectations(expect, stream)

    key = batch.table.key
    required = [key, *(column for column, _ in batch.table.extracted), "payload_hash"]
    required += list(batch.checks)
    checks = [
        expect.ExpectTableColumnsToMatchSet(column_set=required, exact_match=False),
        expect.ExpectColumnValuesToNotBeNull(column=key),
        expect.ExpectColumnValuesToBeUnique(column=key),
        expect.ExpectColumnValuesToNotBeNull(column="payload_hash"),
    ]
    if stream == "shipments":
        checks += [
            expect.ExpectColumnValuesToNotBeNull(column="status"),
            expect.ExpectColumnValuesToBeInSet(column="status", value_set=ORDER_ITEM_STATUSES),
            expect.ExpectColumnValuesToNotBeNull(column="shipment_kind"),
            expect.ExpectColumnValuesToBeInSet(column="shipment_kind", value_set=SHIPMENT_KINDS),
            expect.ExpectColumnValuesToNotBeNull(column="updated_at"),
        ]
    elif stream == "invoices":
        checks.append(expect.ExpectColumnValuesToNotBeNull(column="invoice_number"))
    elif stream == "returns":
        checks += [
            expect.ExpectColumnValuesToNotBeNull(column="source"),
            expect.ExpectColumnValuesToBeInSet(column="source", value_set=list(RETURN_SOURCES)),
            expect.ExpectColumnValuesToNotBeNull(column="status"),
            expect.ExpectColumnValuesToBeInSet(column="status", value_set=RETURN_STATUSES),
            expect.ExpectColumnValuesToNotBeNull(column="order_item_id"),
            *_quantity(expect, "quantity"),
        ]
    elif stream == "listings":
        checks += [
            expect.ExpectColumnValuesToNotBeNull(column="listing_id"),
            *_amount(expect, "mrp"),
            *_amount(expect, "selling_price"),
        ]
    return checks


def _line_expectations(expect: Any, stream: str) -> list[Any]:
    checks = [expect.ExpectColumnValuesToNotBeNull(column="order_item_id")]
    if stream == "shipments":
        checks += [
            expect.ExpectColumnValuesToBeUnique(column="order_item_id"),
            expect.ExpectColumnValuesToNotBeNull(column="status"),
            expect.ExpectColumnValuesToBeInSet(column="status", value_set=ORDER_ITEM_STATUSES),
            # In-set expectations pass nulls, so each required enum also gets a not-null one.
            expect.ExpectColumnValuesToNotBeNull(column="payment_type"),
            expect.ExpectColumnValuesToBeInSet(column="payment_type", value_set=PAYMENT_TYPES),
            *_quantity(expect, "quantity"),
        ]
        for column in SHIPMENT_AMOUNTS:
            checks += _amount(expect, column)
    elif stream == "invoices":
        checks += _amount(expect, "invoice_amount")
    return checks


def _quantity(expect: Any, column: str) -> list[Any]:
    return [
        expect.ExpectColumnValuesToNotBeNull(column=column),
        expect.ExpectColumnValuesToBeBetween(
            column=column, min_value=MIN_QUANTITY, max_value=MAX_QUANTITY
        ),
    ]


def _amount(expect: Any, column: str) -> list[Any]:
    return [
        expect.ExpectColumnValuesToBeBetween(
            column=column, min_value=0, max_value=MAX_AMOUNT, strict_max=True
        )
    ]


def _records_frame(batch: Batch) -> Any:
    columns = {
        name: batch.rows.column(name).to_pylist()
        for name in batch.rows.column_names
        if name != "payload"
    }
    columns.update(batch.checks)
    if batch.stream == "returns":
        columns["status"] = [status.lower() if status else status for status in columns["status"]]
    return _frame(columns)


def _frame(columns: dict[str, list[Any]]) -> Any:
    import pandas as pd

    # Amounts are compared with bounds only, so float is exact enough here; the warehouse
    # itself never stores them as floating point.
    converted = {
        name: [float(value) if isinstance(value, Decimal) else value for value in values]
        for name, values in columns.items()
    }
    return pd.DataFrame(converted)


def _ephemeral_context(gx: Any) -> Any:
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _describe(config: Any) -> str:
    arguments = ", ".join(
        f"{name}={value!r}" for name, value in config.kwargs.items() if name != "batch_id"
    )
    return f"{config.type}({arguments})"
