"""Audit log: the tenant's newest entries, who did what to which object, and the result."""

from __future__ import annotations

import json

import polars as pl
import streamlit as st

from sellerops.services.audit_log import MAX_ENTRIES, list_audit_entries
from streamlit_app.components.formatting import format_ist
from streamlit_app.components.tables import data_table
from streamlit_app.context import PageContext

RESULTS = ("succeeded", "failed", "denied")
DEFAULT_LIMIT = 500


def render(ctx: PageContext) -> None:
    """Draw the Audit log page."""
    st.header("Audit log", divider="gray")
    st.caption(
        "Every action and refusal of the tenant, newest first. The log is append-only and "
        "hash-chained; `sellerops audit verify` checks the chain."
    )

    limit_column, result_column = st.columns([1, 2])
    limit = limit_column.number_input(
        "Entries",
        min_value=10,
        max_value=MAX_ENTRIES,
        value=DEFAULT_LIMIT,
        step=50,
        key="audit_limit",
    )
    results = result_column.multiselect("Result", RESULTS, key="audit_results")

    entries = list_audit_entries(ctx.actor, limit=int(limit))
    frame = pl.DataFrame(
        {
            "sequence": [entry.sequence for entry in entries],
            "time_ist": [format_ist(entry.created_at) for entry in entries],
            "actor": [entry.actor_label for entry in entries],
            "action": [entry.action for entry in entries],
            "object_type": [entry.object_type for entry in entries],
            "object_id": [entry.object_id for entry in entries],
            "result": [entry.result for entry in entries],
            "detail": [json.dumps(entry.detail, sort_keys=True) for entry in entries],
        },
        schema={
            "sequence": pl.Int64,
            "time_ist": pl.String,
            "actor": pl.String,
            "action": pl.String,
            "object_type": pl.String,
            "object_id": pl.String,
            "result": pl.String,
            "detail": pl.String,
        },
    )
    if results:
        frame = frame.filter(pl.col("result").is_in(results))

    data_table(
        frame,
        key="audit",
        search_columns=("actor", "action", "object_id", "detail"),
        column_config={
            "sequence": "No.",
            "time_ist": "Time (IST)",
            "actor": "Who",
            "action": "Action",
            "object_type": "Object type",
            "object_id": "Object",
            "result": "Result",
            "detail": "Detail",
        },
        file_name="audit-log.csv",
        empty_message="No audit entries match; clear the result filter or the search.",
    )
