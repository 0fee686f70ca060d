"""Stock and SKU master CSV files: good rows load, each bad row is reported with its line."""

import csv

import pytest
from factories import new_tenant

from sellerops.errors import InvalidInputError
from sellerops.services.catalog import SkuInput, list_skus, upsert_skus
from sellerops.services.stock import receive_stock, stock_levels
from sellerops.services.stock_csv import (
    export_skus_csv,
    export_stock_csv,
    import_skus_csv,
    import_stock_csv,
)

STOCK_CSV = """sku,location_id,quantity,reason
BOTTLE-1,LOC1,12,
GHOST-9,LOC1,4,
BOTTLE-2,LOC1,-3,
BOTTLE-3,LOC1,twelve,
BOTTLE-4,LOC1,7,
BOTTLE-4,LOC1,8,
BOTTLE-5,LOC1,0,shelf empty
"""

SKU_CSV = """sku,title,hsn,gst_rate,cost_price,weight_g,safety_buffer
BOTTLE-1,Steel Bottle,7323,18,199.50,350,2
BOTTLE-2,Glass Bottle,12,18,99,300,1
BOTTLE-3,Copper Bottle,7418,7,450,400,1
BOTTLE-4,Plastic Bottle,3924,18,abc,200,1
BOTTLE-5,Bamboo Bottle,4419,12,250,heavy,1
BOTTLE-1,Steel Bottle again,7323,18,199.50,350,2
BOTTLE-6,Flask,7323,18,500,-5,3
"""


@pytest.fixture
def owner(store):
    owner = new_tenant(store, "acme")
    upsert_skus(owner, [SkuInput(f"BOTTLE-{number}") for number in range(1, 6)])
    return owner


def test_stock_csv_loads_good_rows(owner):
    result = import_stock_csv(owner, STOCK_CSV)

    assert result.loaded == 2
    levels = {level.sku: level.on_hand for level in stock_levels(owner)}
    assert levels == {"BOTTLE-1": 12, "BOTTLE-5": 0}


def test_stock_csv_reports_bad_rows(owner):
    result = import_stock_csv(owner, STOCK_CSV)

    reasons = dict(result.rejected)
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "'GHOST-9' is not in the SKU master" in reasons[3]
    assert reasons[4] == "quantity -3 is negative; give the counted units (0 or more)"
    assert reasons[5] == "quantity 'twelve' is not a whole number"
    assert "on lines 6, 7" in reasons[6]
    assert "on lines 6, 7" in reasons[7]


def test_stock_csv_count_replaces_on_hand(owner):
    receive_stock(owner, "BOTTLE-1", "LOC1", 30, "GRN-1")

    import_stock_csv(owner, "sku,location_id,quantity\nBOTTLE-1,LOC1,25\n")

    [level] = stock_levels(owner, "BOTTLE-1")
    assert level.on_hand == 25


def test_stock_csv_missing_column(owner):
    with pytest.raises(InvalidInputError, match="lacks quantity"):
        import_stock_csv(owner, "sku,location_id\nBOTTLE-1,LOC1\n")


def test_stock_csv_unknown_column(owner):
    with pytest.raises(InvalidInputError, match="unknown columns 'qty'"):
        import_stock_csv(owner, "sku,location_id,quantity,qty\nBOTTLE-1,LOC1,3,3\n")


def test_stock_export_imports_again(owner):
    receive_stock(owner, "BOTTLE-2", "LOC1", 9, "GRN-2")
    text = export_stock_csv(owner)

    assert text.splitlines() == [
        "sku,location_id,quantity,reserved,damaged,available",
        "BOTTLE-2,LOC1,9,0,0,9",
    ]
    result = import_stock_csv(owner, text)
    assert (result.loaded, result.rejected) == (1, [])


def test_sku_csv_loads_good_rows(owner):
    result = import_skus_csv(owner, SKU_CSV)

    assert result.loaded == 1
    [bottle] = [view for view in list_skus(owner) if view.sku == "BOTTLE-1"]
    assert bottle.title == "Steel Bottle"
    assert bottle.safety_buffer == 2


def test_sku_csv_reports_bad_rows(owner):
    result = import_skus_csv(owner, SKU_CSV)

    reasons = dict(result.rejected)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "hsn '12' is invalid" in reasons[3]
    assert "gst_rate 7 is not a GST rate" in reasons[4]
    assert "cost_price 'abc' is not a number" in reasons[5]
    assert reasons[6] == "weight_g 'heavy' is not a whole number"
    assert reasons[7] == "sku 'BOTTLE-1' repeats line 2; give it once"
    assert "weight_g -5 must be between 1" in reasons[8]


def test_sku_export_imports_again(owner):
    import_skus_csv(owner, SKU_CSV)
    text = export_skus_csv(owner)

    result = import_skus_csv(owner, text)

    assert (result.loaded, result.rejected) == (5, [])
    assert export_skus_csv(owner) == text


def test_stock_csv_short_row_rejected(owner):
    result = import_stock_csv(owner, "sku,quantity,location_id\nBOTTLE-1,5\nBOTTLE-2,6,LOC1\n")

    assert result.loaded == 1
    assert result.rejected == [
        (2, "location_id is empty; give the seller location (LOC...)"),
    ]


def test_stock_csv_empty_sku_rejected(owner):
    result = import_stock_csv(owner, "sku,location_id,quantity\n,LOC1,5\n")

    assert result.rejected == [(2, "sku is empty; give the seller's SKU id")]


@pytest.fixture
def default_field_limit():
    # The limit is process-wide, and the report readers raise it, so the test pins the default.
    previous = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(previous)


def test_stock_csv_oversized_field(owner, default_field_limit):
    text = f"sku,location_id,quantity,reason\nBOTTLE-1,LOC1,5,{'x' * 140_000}\n"

    with pytest.raises(InvalidInputError) as raised:
        import_stock_csv(owner, text)

    assert str(raised.value).startswith("The CSV cannot be read at line 2: field larger than")
    assert stock_levels(owner) == []


def test_stock_csv_repeated_header(owner):
    with pytest.raises(InvalidInputError) as raised:
        import_stock_csv(owner, "sku,location_id,quantity,quantity\nBOTTLE-1,LOC1,5,7\n")

    assert str(raised.value) == (
        "The CSV header names 'quantity' more than once; give each column once."
    )
    assert stock_levels(owner) == []


def test_sku_csv_repeated_header(owner):
    with pytest.raises(InvalidInputError, match="names 'title' more than once"):
        import_skus_csv(owner, "sku,title,title\nBOTTLE-1,Steel,Glass\n")


def test_stock_csv_control_reason_rejected(owner):
    text = 'sku,location_id,quantity,reason\nBOTTLE-1,LOC1,4,"line1\nFAKE LOG\x1b[31m"\n'

    result = import_stock_csv(owner, text)

    assert result.loaded == 0
    [(line, reason)] = result.rejected
    assert line == 3
    assert reason == (
        "The count reason contains a control character (such as NUL or a line break); remove it."
    )


def test_stock_csv_long_reason_rejected(owner):
    result = import_stock_csv(
        owner, f"sku,location_id,quantity,reason\nBOTTLE-1,LOC1,4,{'r' * 501}\n"
    )

    assert result.rejected == [(2, "The count reason has 501 characters; use at most 500.")]


def test_sku_export_escapes_formulas(owner):
    titles = {"BOTTLE-6": '=HYPERLINK("http://x")', "BOTTLE-7": "-plain", "BOTTLE-8": "@home"}
    upsert_skus(owner, [SkuInput(sku, title=title) for sku, title in titles.items()])

    rows = {line.split(",")[0]: line for line in export_skus_csv(owner).splitlines()}

    assert rows["BOTTLE-6"].startswith('BOTTLE-6,"\'=HYPERLINK(""http://x"")",')
    assert rows["BOTTLE-7"].startswith("BOTTLE-7,'-plain,")
    assert rows["BOTTLE-8"].startswith("BOTTLE-8,'@home,")


def test_stock_export_numbers_unescaped(owner):
    receive_stock(owner, "BOTTLE-1", "LOC1", 3, "GRN-1")
    import_stock_csv(owner, "sku,location_id,quantity\nBOTTLE-1,LOC1,0\n")

    assert export_stock_csv(owner).splitlines()[1] == "BOTTLE-1,LOC1,0,0,0,0"
