"""Fast movers, ABC classes and trend labels on hand-made frames with hand-computed values."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import polars as pl
import pytest

from models_ml.velocity import MOVER_SCHEMA, abc_classes, find_fast_movers, trend_label

AS_OF = datetime(2026, 11, 30, 4, 30, tzinfo=UTC)
ITEM_SCHEMA = {
    "sku": pl.String,
    "quantity": pl.Int64,
    "selling_price": pl.Decimal(18, 2),
    "ordered_at": pl.Datetime("us", "UTC"),
    "item_status": pl.String,
}
STOCK_SCHEMA = {"sku": pl.String, "location_id": pl.String, "available": pl.Int32}


def sale(sku: str, days_ago: float, quantity: int, line_price: str, status: str = "DELIVERED"):
    return {
        "sku": sku,
        "quantity": quantity,
        "selling_price": Decimal(line_price),
        "ordered_at": AS_OF - timedelta(days=days_ago),
        "item_status": status,
    }


ITEMS = pl.DataFrame(
    [
        sale("SKU-A", 1, 2, "200"),
        sale("SKU-A", 10, 6, "600"),
        sale("SKU-A", 20, 2, "200"),
        sale("SKU-A", 1, 100, "10000", status="CANCELLED"),
        sale("SKU-B", 7, 4, "200"),  # exactly 7 days before: outside the 7-day window
        sale("SKU-B", 0, 1, "50"),  # at as_of: inside every window
        sale("SKU-C", 60, 1, "150"),
        sale("SKU-E", 80, 1, "60"),
        sale("SKU-E", 90, 1, "9999"),  # exactly 90 days before: outside the ABC window
        sale("SKU-A", -1, 50, "5000"),  # after as_of
    ],
    schema=ITEM_SCHEMA,
)
STOCK = pl.DataFrame(
    [
        {"sku": "SKU-A", "location_id": "LOC-1", "available": 7},
        {"sku": "SKU-A", "location_id": "LOC-2", "available": -2},
        {"sku": "SKU-B", "location_id": "LOC-1", "available": 10},
        {"sku": "SKU-D", "location_id": "LOC-1", "available": 5},
    ],
    schema=STOCK_SCHEMA,
)
TOTAL_REVENUE = Decimal(1460)


@pytest.fixture(scope="module")
def movers() -> dict[str, dict]:
    frame = find_fast_movers(ITEMS, AS_OF, STOCK).movers
    return {row["sku"]: row for row in frame.iter_rows(named=True)}


def test_movers_order_fastest_first() -> None:
    frame = find_fast_movers(ITEMS, AS_OF, STOCK).movers

    assert frame["sku"].to_list() == ["SKU-A", "SKU-B", "SKU-C", "SKU-E", "SKU-D"]


def test_movers_frame_columns() -> None:
    frame = find_fast_movers(ITEMS, AS_OF, STOCK).movers

    assert frame.schema == pl.Schema(MOVER_SCHEMA)


@pytest.mark.parametrize(
    ("sku", "units_7d", "units_30d", "velocity"),
    [
        ("SKU-A", 2, 10, 0.333),
        ("SKU-B", 1, 5, 0.167),
        ("SKU-C", 0, 0, 0.0),
        ("SKU-D", 0, 0, 0.0),
    ],
)
def test_movers_units_and_velocity(
    movers: dict[str, dict], sku: str, units_7d: int, units_30d: int, velocity: float
) -> None:
    assert movers[sku]["units_7d"] == units_7d
    assert movers[sku]["units_30d"] == units_30d
    assert movers[sku]["velocity"] == velocity


@pytest.mark.parametrize(
    ("sku", "trend"),
    [
        ("SKU-A", "rising"),  # 8 units in the last 14 days against 2 before
        ("SKU-B", "steady"),  # 5 units in all, too few to call
        ("SKU-C", "steady"),
    ],
)
def test_movers_trend(movers: dict[str, dict], sku: str, trend: str) -> None:
    assert movers[sku]["trend"] == trend


@pytest.mark.parametrize(
    ("sku", "revenue", "abc_class"),
    [
        ("SKU-A", Decimal(1000), "A"),
        ("SKU-B", Decimal(250), "A"),  # 68.5 % of revenue ranks above it
        ("SKU-C", Decimal(150), "B"),  # 85.6 % above it
        ("SKU-E", Decimal(60), "C"),  # 95.9 % above it
        ("SKU-D", Decimal(0), "C"),
    ],
)
def test_movers_revenue_share_and_class(
    movers: dict[str, dict], sku: str, revenue: Decimal, abc_class: str
) -> None:
    assert movers[sku]["revenue_share"] == pytest.approx(float(revenue / TOTAL_REVENUE))
    assert movers[sku]["abc_class"] == abc_class


@pytest.mark.parametrize(
    ("sku", "days_of_cover"),
    [
        ("SKU-A", 21.0),  # 7 available (LOC-2's -2 counts as 0) / 0.333 a day
        ("SKU-B", 59.9),  # 10 / 0.167
        ("SKU-C", None),  # no stock rows
        ("SKU-D", None),  # no sales
    ],
)
def test_movers_days_of_cover(
    movers: dict[str, dict], sku: str, days_of_cover: float | None
) -> None:
    assert movers[sku]["days_of_cover"] == days_of_cover


def test_movers_without_stock_frame() -> None:
    frame = find_fast_movers(ITEMS, AS_OF).movers

    assert frame["sku"].to_list() == ["SKU-A", "SKU-B", "SKU-C", "SKU-E"]
    assert frame["days_of_cover"].null_count() == frame.height


def test_movers_version_metrics() -> None:
    version = find_fast_movers(ITEMS, AS_OF, STOCK).version

    assert version.rows == 7
    assert version.metrics["class_A_skus"] == 2.0
    assert version.metrics["rising_skus"] == 1.0
    assert version.window_end == AS_OF


def test_movers_empty_items() -> None:
    frame = find_fast_movers(ITEMS.clear(), AS_OF).movers

    assert frame.height == 0


def test_movers_reject_naive_as_of() -> None:
    with pytest.raises(ValueError, match="has no time zone"):
        find_fast_movers(ITEMS, datetime(2026, 11, 30))  # noqa: DTZ001 - naive on purpose


def test_movers_reject_missing_columns() -> None:
    with pytest.raises(ValueError, match=r"lacks columns \['item_status'\]"):
        find_fast_movers(ITEMS.drop("item_status"), AS_OF)


@pytest.mark.parametrize(
    ("revenue", "expected"),
    [
        (
            {"a": Decimal(50), "b": Decimal(30), "c": Decimal(15), "d": Decimal(5)},
            {"a": "A", "b": "A", "c": "B", "d": "C"},
        ),
        ({"a": Decimal(85), "b": Decimal(10), "c": Decimal(5)}, {"a": "A", "b": "B", "c": "C"}),
        ({"b": Decimal(10), "a": Decimal(10)}, {"a": "A", "b": "A"}),
        ({"a": Decimal(0)}, {"a": "C"}),
        ({}, {}),
    ],
)
def test_abc_classes_cases(revenue: dict, expected: dict) -> None:
    assert abc_classes(revenue) == expected


def test_abc_classes_reject_negative_revenue() -> None:
    with pytest.raises(ValueError, match="SKU 'a' has negative revenue -1"):
        abc_classes({"a": Decimal(-1)})


@pytest.mark.parametrize(
    ("recent", "previous", "label"),
    [
        (10, 0, "rising"),
        (0, 10, "falling"),
        (5, 4, "steady"),  # 9 units: too few
        (10, 8, "rising"),  # exactly 1.25 times
        (8, 10, "falling"),  # exactly 0.8 times
        (11, 10, "steady"),
        (9, 10, "steady"),
    ],
)
def test_trend_label_cases(recent: int, previous: int, label: str) -> None:
    assert trend_label(recent, previous) == label


def test_movers_reject_mixed_accounts() -> None:
    accounts = ["acc-1"] * (ITEMS.height - 1) + ["acc-2"]
    mixed = ITEMS.with_columns(pl.Series("account_id", accounts))

    with pytest.raises(ValueError, match="frame contains 2 accounts, among them acc-1 and acc-2"):
        find_fast_movers(mixed, AS_OF)
