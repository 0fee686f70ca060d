"""Tables with a search box, sortable columns and a CSV download of what is shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
import streamlit as st

from sellerops.exports import write_csv
from streamlit_app.components.states import empty_state

MONEY_FORMAT = "₹%.2f"


def money_column(label: str, help_text: str | None = None) -> Any:
    """Return a column config that shows rupees with paise and still sorts as a number."""
    return st.column_config.NumberColumn(label, format=MONEY_FORMAT, help=help_text)


def search_rows(frame: pl.DataFrame, text: str, columns: Sequence[str]) -> pl.DataFrame:
    """Keep the rows where any of `columns` contains `text`, ignoring case. Blank keeps all."""
    needle = text.strip().lower()
    if not needle or frame.is_empty():
        return frame
    matches = [
        pl.col(column).cast(pl.String).str.to_lowercase().str.contains(needle, literal=True)
        for column in columns
    ]
    return frame.filter(pl.any_horizontal(matches).fill_null(False))


def data_table(
    frame: pl.DataFrame,
    *,
    key: str,
    search_columns: Sequence[str] = (),
    column_config: Mapping[str, Any] | None = None,
    file_name: str = "table.csv",
    empty_message: str = "No rows match; widen the filters.",
    height: int | None = None,
) -> pl.DataFrame:
    """Show `frame` with a search box and a CSV download, and return the rows shown.

    Columns sort by clicking their header. The download contains the rows after the search,
    written by the report exports' `write_csv`, so a cell such as `=HYPERLINK(...)` stays text
    in a spreadsheet.
    """
    if search_columns:
        text = st.text_input(
            "Search",
            key=f"{key}_search",
            placeholder="Search " + ", ".join(search_columns).replace("_", " "),
        )
        frame = search_rows(frame, text, search_columns)

    if frame.is_empty():
        empty_state(empty_message)
        return frame

    st.dataframe(
        frame,
        hide_index=True,
        column_config=dict(column_config or {}),
        key=f"{key}_table",
        height=height or "auto",
    )
    st.download_button(
        "Download CSV",
        data=write_csv(frame),
        file_name=file_name,
        mime="text/csv",
        icon=":material/download:",
        key=f"{key}_download",
    )
    return frame
