"""Every rupee column in the tables of the pages shows Indian digit grouping and stays a number.

A column counts as rupees by its name, from the marts and the scheduled-report totals. The
check reads what the browser would show (the Styler's display values) for each table that has
such a column, so a rupee column shown as `₹123456.78` or as a bare number fails.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest
from streamlit import dataframe_util

from sellerops.scheduled_reports import Frequency, period_starting
from sellerops.security.permissions import Role
from sellerops.services.scheduled_reports import generate_report

MONEY_NAMES = {
    "order_item_value",
    "net_profit",
    "revenue",
    "commission",
    "fixed_fee",
    "collection_fee",
    "forward_shipping",
    "reverse_shipping",
    "gst_on_fees",
    "cost_of_goods",
    "loss",
    "current_price",
    "suggested_price",
    "expected_profit_change",
    "min_price",
    "net_sales",
    "output_gst",
}
# Rupees with paise in Indian grouping: ₹999.99, ₹1,000.00, -₹12,34,567.00.
INDIAN_RUPEES = re.compile(r"-?₹(?:\d{1,3}|\d{1,2}(?:,\d{2})*,\d{3})\.\d{2}")
PAGES = ["orders", "profit", "returns", "reports"]


@pytest.fixture(scope="module")
def weekly_report(dashboard):
    """A stored weekly report, so the Reports page lists one row with rupee totals."""
    week = period_starting(Frequency.WEEKLY, date(2026, 11, 23))
    return generate_report(dashboard.actors[Role.OWNER], week)


def money_tables(at) -> list[tuple[pd.DataFrame, pd.DataFrame, dict, list[str]]]:
    """Return (values, display text, column configs, rupee columns) of each table with rupees."""
    tables = []
    for element in at.dataframe:
        values = element.value
        money = [column for column in values.columns if column in MONEY_NAMES]
        if not money:
            continue
        styler = element.proto.arrow_data.styler
        display_text = (
            dataframe_util.convert_arrow_bytes_to_pandas_df(styler.display_values)
            if styler.display_values
            else values.astype(str)
        )
        tables.append((values, display_text, json.loads(element.proto.columns), money))
    return tables


@pytest.mark.parametrize("page", PAGES)
def test_page_money_grouped(logged_in_app, weekly_report, page):
    at = logged_in_app(Role.OWNER, page=page)
    assert not at.exception, at.exception

    tables = money_tables(at)
    assert tables, f"the {page} page shows no table with a rupee column"
    for values, display_text, _configs, money in tables:
        for column in money:
            present = values[column].notna()
            texts = display_text.loc[present, column].tolist()
            ungrouped = [text for text in texts if not INDIAN_RUPEES.fullmatch(text)]
            assert texts, f"{page}: column {column!r} has no amounts to check"
            assert not ungrouped, f"{page}: column {column!r} shows {ungrouped[:3]}"


@pytest.mark.parametrize("page", PAGES)
def test_page_money_sorts_as_number(logged_in_app, weekly_report, page):
    at = logged_in_app(Role.OWNER, page=page)
    assert not at.exception, at.exception

    for values, _display_text, configs, money in money_tables(at):
        for column in money:
            assert pd.api.types.is_numeric_dtype(values[column].dtype), f"{page}: {column}"
            # A `format` in the column config would replace the grouped text in the browser.
            type_config = configs.get(column, {}).get("type_config", {})
            assert "format" not in type_config, f"{page}: {column} has {type_config}"
