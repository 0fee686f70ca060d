"""`data_table` run through Streamlit's AppTest: its CSV download and its rupee columns.

`data_table` backs the orders, inventory, returns, profit, intelligence, scheduled-report,
audit-log and import-error tables, so its CSV must guard formula cells as report exports do,
and every `money_column` must show Indian digit grouping while it sorts and downloads as a
number.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
import streamlit as st
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

# AppTest's default of 3 s is too short on a loaded machine for the first import of the page.
APP_TIMEOUT_SECONDS = 60


def _page() -> None:
    import polars as pl

    from streamlit_app.components.tables import data_table

    skus = ['=HYPERLINK("http://127.0.0.1/x","open")', "+1", "-SKU", "@SUM(A1)", "SKU-1"]
    data_table(pl.DataFrame({"sku": skus, "units": [1, -2, 3, 4, 5]}), key="probe")


def _money_page() -> None:
    from decimal import Decimal

    import polars as pl

    from streamlit_app.components.tables import data_table, money_column

    frame = pl.DataFrame(
        {
            "sku": ["SKU-1", None, "SKU-3", "SKU-4"],
            "units": [3, None, 1, 12],
            "loss": [Decimal("123456.78"), None, Decimal("-98765.40"), Decimal("0.50")],
            "net_profit": [Decimal("100000000"), Decimal("999.99"), Decimal("1000"), None],
        },
        schema={
            "sku": pl.String,
            "units": pl.Int64,
            "loss": pl.Decimal(18, 2),
            "net_profit": pl.Decimal(18, 2),
        },
    )
    data_table(
        frame,
        key="money",
        column_config={
            "sku": "SKU",
            "loss": money_column("Loss", "Fees kept and shipping lost."),
            "net_profit": money_column("Net profit"),
        },
    )


def download_rows(monkeypatch, page=_page) -> list[list[str]]:
    downloads: list[object] = []
    original = st.download_button

    # Records the bytes handed to Streamlit's own button, which still renders.
    def recording(label, data=None, *args, **kwargs):
        downloads.append(data)
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    app = AppTest.from_function(page, default_timeout=APP_TIMEOUT_SECONDS)
    app.run()

    assert not app.exception, app.exception
    assert len(downloads) == 1
    data = downloads[0]
    text = data if isinstance(data, str) else data.decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_table_download_guards_formulas(monkeypatch):
    rows = download_rows(monkeypatch)

    assert rows[0] == ["sku", "units"]
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://127.0.0.1/x","open")',
        "'+1",
        "'-SKU",
        "'@SUM(A1)",
        "SKU-1",
    ]


def test_table_download_keeps_numbers(monkeypatch):
    rows = download_rows(monkeypatch)

    # Only text cells are guarded, so a negative number stays a number.
    assert [row[1] for row in rows[1:]] == ["1", "-2", "3", "4", "5"]


@pytest.fixture(scope="module")
def money_table():
    app = AppTest.from_function(_money_page, default_timeout=APP_TIMEOUT_SECONDS)
    app.run()
    assert not app.exception, app.exception
    (table,) = app.dataframe
    return table


def display_text(table) -> dict[str, list[str]]:
    """Return the text each cell shows, by column: the Styler's display values."""
    styler = table.proto.arrow_data.styler
    assert styler.display_values, "the table has no display values, so no column is formatted"
    frame = dataframe_util.convert_arrow_bytes_to_pandas_df(styler.display_values)
    return {column: frame[column].tolist() for column in frame.columns}


def test_money_cells_use_indian_grouping(money_table):
    text = display_text(money_table)

    assert text["loss"] == ["₹1,23,456.78", "", "-₹98,765.40", "₹0.50"]
    assert text["net_profit"] == ["₹10,00,00,000.00", "₹999.99", "₹1,000.00", ""]


def test_money_columns_stay_numbers(money_table):
    values = money_table.value

    assert pd.api.types.is_float_dtype(values["loss"].dtype)
    assert values["loss"].tolist()[0] == pytest.approx(123456.78)
    assert values["net_profit"].tolist()[0] == pytest.approx(100000000)


def test_money_config_sets_no_format(money_table):
    # A column config `format` wins over the Styler's text in the browser, so it must be unset.
    columns = json.loads(money_table.proto.columns)

    assert columns["loss"] == {
        "label": "Loss",
        "help": "Fees kept and shipping lost.",
        "type_config": {"type": "number"},
    }
    assert columns["net_profit"]["type_config"] == {"type": "number"}


def test_money_table_other_cells_as_text(money_table):
    text = display_text(money_table)

    assert text["sku"] == ["SKU-1", "", "SKU-3", "SKU-4"]
    assert text["units"] == ["3", "", "1", "12"]


def test_money_download_keeps_numbers(monkeypatch):
    rows = download_rows(monkeypatch, _money_page)

    assert rows[0] == ["sku", "units", "loss", "net_profit"]
    assert [row[2] for row in rows[1:]] == ["123456.78", "", "-98765.40", "0.50"]
    assert [row[3] for row in rows[1:]] == ["100000000.00", "999.99", "1000.00", ""]
