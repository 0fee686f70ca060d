"""Tables with a search box, sortable columns and a CSV download of what is shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl
import polars.selectors as cs
import streamlit as st

from sellerops.exports import write_csv
from streamlit_app.components.formatting import format_inr
from streamlit_app.components.states import empty_state

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler


@dataclass(frozen=True)
class MoneyColumn:
    """The column config of a rupee column in `data_table`, made by `money_column`."""

    label: str
    help_text: str | None = None


def money_column(label: str, help_text: str | None = None) -> MoneyColumn:
    """Return a column config that shows rupees as `₹1,23,456.78` and sorts by the amount.

    Only `data_table` understands it; pass it in `column_config` like Streamlit's own configs.
    """
    return MoneyColumn(label, help_text)


def money_view(frame: pl.DataFrame, money_columns: Sequence[str]) -> Styler:
    """Return `frame` as a pandas Styler that shows `money_columns` with `format_inr`.

    Streamlit 1.67's `st.dataframe` shows a Styler's text in a number column whose column config
    sets no `format`, but sorts that column by the number underneath, so the rupee columns stay
    numeric and sort by amount. No printf `format` can group digits the Indian way. Every other
    cell is shown as its text, and a missing value as an empty cell.
    """
    money = list(money_columns)
    # Arrow-backed pandas columns keep integers with nulls as integers (3, not 3.0). Categorical
    # and enum columns become text first: pandas 3.0 cannot read an Arrow-backed dictionary
    # column back from Arrow, which AppTest does.
    numeric = frame.with_columns(
        pl.col(money).cast(pl.Float64), (cs.categorical() | cs.enum()).cast(pl.String)
    )
    table = numeric.to_pandas(use_pyarrow_extension_array=True)
    return table.style.format(str, na_rep="").format(format_inr, subset=money, na_rep="")


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

    Columns sort by clicking their header. Columns configured with `money_column` show rupees in
    Indian digit grouping and sort by amount. The download contains the rows after the search
    with amounts as plain numbers, written by the report exports' `write_csv`, so a cell such
    as `=HYPERLINK(...)` stays text in a spreadsheet.
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

    config: dict[str, Any] = {}
    money: list[str] = []
    for column, setting in (column_config or {}).items():
        if isinstance(setting, MoneyColumn):
            config[column] = st.column_config.NumberColumn(setting.label, help=setting.help_text)
            if column in frame.columns:
                money.append(column)
        else:
            config[column] = setting

    st.dataframe(
        money_view(frame, money) if money else frame,
        hide_index=True,
        column_config=config,
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
