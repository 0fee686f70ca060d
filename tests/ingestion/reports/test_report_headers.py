"""Header cleaning, flattening and the table finder."""

import pytest

from ingestion.reports.headers import clean_header_name, flatten_header, name_key, path_key
from ingestion.reports.table import find_table


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bank Settlement Value (Rs.) \n= SUM(J:R)", "Bank Settlement Value (Rs.)"),
        ("Marketplace Fee (Rs.)\n= SUM (V:AI)", "Marketplace Fee (Rs.)"),
        ("Input GST + TCS Credits (Rs.)\n[GST+TCS]", "Input GST + TCS Credits (Rs.)"),
        ("Discount in MP fees (Rs.) \n[AO/(1+AP/100)]", "Discount in MP fees (Rs.)"),
        ("Bank Settlement [Projected] (INR)", "Bank Settlement [Projected] (INR)"),
        (" Margins \n(% of Net Sales)", "Margins (% of Net Sales)"),
        ("Fixed Fee  (Rs.)", "Fixed Fee (Rs.)"),
        (None, ""),
    ],
)
def test_clean_header_name_cases(raw, expected):
    assert clean_header_name(raw) == expected


def test_name_key_drops_currency_and_punctuation():
    assert name_key("Fixed Fee  (Rs.)") == name_key("fixed fee (INR)") == "fixed fee"


def test_path_key_splits_levels():
    assert path_key("Total Offer Amount / Total") == ("total offer amount", "total")


def test_flatten_header_carries_groups_and_skips_spacers():
    band = [
        ["Payment", None, None, "Buyer", None, None],
        ["NEFT ID", "Amount", None, "Offer", None, "Offer"],
        [None, None, None, "Total", "Free", "Total"],
    ]

    columns = flatten_header(band)

    assert [column.index for column in columns] == [0, 1, 3, 4, 5]
    assert columns[0].name == "Payment / NEFT ID"
    assert columns[1].name == "Payment / Amount"
    assert columns[2].name == "Buyer / Offer / Total"
    assert columns[3].name == "Buyer / Offer / Free"
    assert columns[4].name == "Buyer / Offer / Total (2)"
    assert ("offer", "free") in columns[3].keys


def test_find_table_skips_preamble_and_stops_at_total():
    grid = [
        ["Dear Seller", None, None, None, None, None, None],
        ["Order Item ID", "SKU", "Amount", "Fee", "Tax", "Zone", "State"],
        ["1", "A", "10", "1", "0", "Local", "KA"],
        [None] * 7,
        ["2", "B", "20", "2", "0", "Local", "KA"],
        ["Total", None, "30", "3", "0", None, None],
        ["footnote", None, None, None, None, None, None],
    ]

    table = find_table(grid, {"order item id", "sku", "amount"})

    assert table is not None
    assert table.header_row_number == 2
    assert [number for number, _ in table.rows] == [3, 5]
    assert table.ignored_row_count == 2


def test_find_table_none_without_header():
    assert find_table([["a", "b"], ["1", "2"]], {"order item id", "sku"}) is None


def test_find_table_sub_header_by_name():
    grid = [
        ["Order Item ID", "Offer", None],
        [None, "Total", "Free"],
        ["OI1", "10", "0"],
    ]

    table = find_table(grid, {"order item id", "offer", "total", "free"})

    assert table is not None
    assert [column.name for column in table.columns] == [
        "Order Item ID",
        "Offer / Total",
        "Offer / Free",
    ]
    assert [number for number, _ in table.rows] == [3]


def test_find_table_text_row_is_data():
    grid = [
        ["Return ID", "Order Item ID", "Return Type"],
        ["R1", "OI1", "courier_return"],
    ]

    table = find_table(grid, {"return id", "order item id", "return type"})

    assert table is not None
    assert [column.name for column in table.columns] == [
        "Return ID",
        "Order Item ID",
        "Return Type",
    ]
    assert [number for number, _ in table.rows] == [2]
