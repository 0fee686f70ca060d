"""The "Download CSV" button of `data_table`, run through Streamlit's AppTest.

`data_table` backs the downloads of the orders, inventory, returns, profit, intelligence,
audit-log and import-error tables, so its CSV must guard formula cells as report exports do.
"""

from __future__ import annotations

import csv
import io

import streamlit as st
from streamlit.testing.v1 import AppTest

# AppTest's default of 3 s is too short on a loaded machine for the first import of the page.
APP_TIMEOUT_SECONDS = 60


def _page() -> None:
    import polars as pl

    from streamlit_app.components.tables import data_table

    skus = ['=HYPERLINK("http://127.0.0.1/x","open")', "+1", "-SKU", "@SUM(A1)", "SKU-1"]
    data_table(pl.DataFrame({"sku": skus, "units": [1, -2, 3, 4, 5]}), key="probe")


def download_rows(monkeypatch) -> list[list[str]]:
    downloads: list[object] = []
    original = st.download_button

    # Records the bytes handed to Streamlit's own button, which still renders.
    def recording(label, data=None, *args, **kwargs):
        downloads.append(data)
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    app = AppTest.from_function(_page, default_timeout=APP_TIMEOUT_SECONDS)
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
