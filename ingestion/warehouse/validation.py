"""Validate each raw batch with great-expectations before it is merged.

A batch passes when the columns to be merged are present, keys are present and unique within
the batch, states and enums are known, amounts lie in [0, 10,000,000) rupees and quantities in
1..1000. great_expectations is imported inside `validate_batch` because the import takes about
6 s, which a command that never validates should not pay.
"""

from __future__ import annotations

import logging
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
class BatchValidation:
    """The outcome of validating one batch; `report` is the great-expectations result."""

    success: bool
    failed_expectations: list[str] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)


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
    reports: dict[str, Any] = {}
    for frame_name, frame in frames.items():
        suite = gx.ExpectationSuite(name=f"{batch.stream}_{frame_name}")
        for expectation in _expectations(gx, batch, frame_name):
            suite.add_expectation(expectation)
        asset = source.add_dataframe_asset(frame_name)
        definition = asset.add_batch_definition_whole_dataframe(frame_name)
        result = definition.get_batch(batch_parameters={"dataframe": frame}).validate(suite)

        reports[frame_name] = result.to_json_dict()
        failed.extend(
            f"{batch.stream}.{frame_name}: {_describe(outcome.expectation_config)}"
            for outcome in result.results
            if not outcome.success
        )

    report = {"stream": batch.stream, "row_count": batch.row_count, "results": reports}
    if failed:
        logger.warning(
            "Batch of %s failed %d expectations: %s", batch.stream, len(failed), "; ".join(failed)
        )
    return BatchValidation(not failed, failed, report)


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
