"""The SKU master: upsert by (tenant, sku), exact decimals, row-level validation errors."""

import csv
import json
from decimal import Decimal

import pytest
from factories import new_tenant
from sqlalchemy import select

from sellerops.errors import InvalidInputError
from sellerops.models import AuditEntry
from sellerops.services.catalog import CATEGORIES_SEED, SkuInput, list_skus, upsert_skus

SHIRT = SkuInput(
    sku="TSH-BLK-M",
    title="Cotton T-Shirt (M)",
    category="apparel",
    hsn="6109",
    gst_rate="5",
    cost_price="189.50",
    weight_g=220,
    length_cm="28",
    breadth_cm="22",
    height_cm="3.5",
    low_stock_threshold=10,
    safety_buffer=2,
)


def test_upsert_inserts_then_updates(store):
    owner = new_tenant(store, "acme")

    assert upsert_skus(owner, [SHIRT]) == 1
    assert upsert_skus(owner, [SHIRT]) == 0
    changed = SkuInput(**{**SHIRT.__dict__, "cost_price": Decimal("175.00")})
    assert upsert_skus(owner, [changed, SkuInput("BOTTLE-1")]) == 2

    skus = list_skus(owner)
    assert [sku.sku for sku in skus] == ["BOTTLE-1", "TSH-BLK-M"]
    assert skus[1].cost_price == Decimal("175.00")


def test_upsert_stores_exact_decimals(store):
    owner = new_tenant(store, "acme")
    upsert_skus(owner, [SkuInput("BIG", cost_price="9999999999999999.99", gst_rate="0.25")])

    sku = list_skus(owner)[0]

    assert sku.cost_price == Decimal("9999999999999999.99")
    assert str(sku.cost_price) == "9999999999999999.99"
    assert sku.gst_rate == Decimal("0.25")


def test_upsert_keeps_all_fields(store):
    owner = new_tenant(store, "acme")
    upsert_skus(owner, [SHIRT])

    sku = list_skus(owner)[0]

    assert (sku.title, sku.category, sku.hsn) == ("Cotton T-Shirt (M)", "apparel", "6109")
    assert sku.gst_rate == Decimal("5.00")
    assert sku.weight_g == 220
    assert (sku.length_cm, sku.breadth_cm, sku.height_cm) == (28, 22, Decimal("3.5"))
    assert (sku.low_stock_threshold, sku.safety_buffer) == (10, 2)
    assert sku.updated_at.tzinfo is not None


def test_upsert_audited_with_counts(store):
    owner = new_tenant(store, "acme")
    upsert_skus(owner, [SHIRT, SkuInput("BOTTLE-1")])

    with store.operator_read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sku.edit")).one()
    assert entry.object_id == owner.tenant_id
    assert json.loads(entry.detail_json) == {"rows": 2, "inserted": 2, "updated": 0}


def test_tenants_have_own_skus(store):
    acme = new_tenant(store, "acme")
    globex = new_tenant(store, "globex")
    upsert_skus(acme, [SHIRT])
    upsert_skus(globex, [SkuInput(SHIRT.sku, cost_price="1.00")])

    assert list_skus(acme)[0].cost_price == Decimal("189.50")
    assert list_skus(globex)[0].cost_price == Decimal("1.00")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"sku": "  "}, "SKU row 2: the sku is empty"),
        ({"sku": "X" * 101}, "SKU row 2: sku has 101 characters; use at most 100."),
        ({"sku": "A\x00B"}, "SKU row 2: sku contains a control character"),
        ({"gst_rate": "7"}, "SKU row 2 ('S2'): gst_rate 7 is not a GST rate"),
        ({"gst_rate": "abc"}, "SKU row 2 ('S2'): gst_rate 'abc' is not a number."),
        ({"cost_price": "-1"}, "SKU row 2 ('S2'): cost_price -1 must be 0 or more rupees."),
        ({"cost_price": "10.005"}, "SKU row 2 ('S2'): cost_price 10.005 has more than 2 decimals"),
        ({"cost_price": 10.5}, "SKU row 2 ('S2'): cost_price 10.5 must be a Decimal"),
        ({"cost_price": "NaN"}, "SKU row 2 ('S2'): cost_price 'NaN' is not a finite number."),
        ({"weight_g": 0}, "SKU row 2 ('S2'): weight_g 0 must be between 1 and"),
        ({"weight_g": "200"}, "SKU row 2 ('S2'): weight_g '200' must be a whole number."),
        ({"length_cm": "0"}, "SKU row 2 ('S2'): length_cm 0 must be more than 0"),
        ({"height_cm": "-2"}, "SKU row 2 ('S2'): height_cm -2 must be more than 0"),
        ({"hsn": "61"}, "SKU row 2 ('S2'): hsn '61' is invalid; use 4, 6 or 8 digits."),
        (
            {"category": "gadgets"},
            "SKU row 2 ('S2'): category 'gadgets' is not a known category; use one of apparel, "
            "footwear, electronics_accessories, home_kitchen, beauty, toys, books, or leave it "
            "empty",
        ),
        ({"category": "Apparel"}, "SKU row 2 ('S2'): category 'Apparel' is not a known category"),
        ({"safety_buffer": -1}, "SKU row 2 ('S2'): safety_buffer -1 must be between 0 and"),
        ({"sku": SHIRT.sku}, f"SKU row 2: sku {SHIRT.sku!r} repeats row 1"),
    ],
    ids=lambda value: str(value)[:30],
)
def test_invalid_row_rejected(store, overrides, expected):
    owner = new_tenant(store, "acme")
    bad = SkuInput(**{"sku": "S2", **overrides})

    with pytest.raises(InvalidInputError) as caught:
        upsert_skus(owner, [SHIRT, bad])

    assert str(caught.value).startswith(expected), str(caught.value)
    assert list_skus(owner) == []


def test_valid_gst_rates_accepted(store):
    owner = new_tenant(store, "acme")
    rates = ["0", "0.25", "3", "5", "12", "18", "28", "40"]
    rows = [SkuInput(f"S{rate}", gst_rate=rate) for rate in rates]

    assert upsert_skus(owner, rows) == len(rates)


def test_seed_categories_accepted(store):
    owner = new_tenant(store, "acme")
    with CATEGORIES_SEED.open(newline="", encoding="utf-8") as seed:
        categories = [row["category"] for row in csv.DictReader(seed)]
    rows = [SkuInput(f"S-{category}", category=f" {category} ") for category in categories]

    assert upsert_skus(owner, rows) == len(categories)
    assert [sku.category for sku in list_skus(owner)] == sorted(categories)


def test_empty_category_stored_as_null(store):
    owner = new_tenant(store, "acme")
    upsert_skus(owner, [SkuInput("S1", category="  ")])

    assert list_skus(owner)[0].category is None
