"""RTO features and labels on small hand-built order item frames."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from models_ml.rto.features import (
    FEATURES,
    IDENTITY_COLUMNS,
    HistorySmoothing,
    build_features,
    smoothed_rate,
)

DAY0 = datetime(2026, 9, 1, 6, 30, tzinfo=UTC)
AS_OF = DAY0 + timedelta(days=30)
# No shrinking and a minimum of one order, so history rates equal the raw earlier rates.
RAW = HistorySmoothing(prior_weight=0.0, min_volume=1)


def day(offset: float) -> datetime:
    return DAY0 + timedelta(days=offset)


def item(
    item_id: str,
    ordered: float,
    outcome: str = "open",
    *,
    delivered: float | None = None,
    returned: float | None = None,
    cancelled: float | None = None,
    pincode: str = "560001",
    state: str = "29",
    sku: str = "SKU-A",
    category: str = "toys",
    payment: str = "COD",
    price: str = "500.00",
    shipment: str | None = None,
) -> dict:
    """One order item row with the columns of models_ml.frames.order_item_frame it needs."""
    return {
        "order_item_id": item_id,
        "account_id": "acct-1",
        "order_id": f"OD-{item_id}",
        "shipment_id": shipment or f"SH-{item_id}",
        "sku": sku,
        "category": category,
        "quantity": 1,
        "unit_price": Decimal(price),
        "selling_price": Decimal(price),
        "flipkart_discount": Decimal("50.00"),
        "payment_type": payment,
        "is_cod": payment == "COD",
        "delivery_state_code": state,
        "delivery_pincode": pincode,
        "zone": "national",
        "ordered_at": day(ordered),
        "outcome": outcome,
        "delivered_at": None if delivered is None else day(delivered),
        "returned_at": None if returned is None else day(returned),
        "cancelled_at": None if cancelled is None else day(cancelled),
        "shipment_type": "NORMAL",
        "account_tier": "GOLD",
    }


def frame(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(
        list(rows),
        schema_overrides={
            "unit_price": pl.Decimal(18, 2),
            "selling_price": pl.Decimal(18, 2),
            "flipkart_discount": pl.Decimal(18, 2),
            "ordered_at": pl.Datetime("us", "UTC"),
            "delivered_at": pl.Datetime("us", "UTC"),
            "returned_at": pl.Datetime("us", "UTC"),
            "cancelled_at": pl.Datetime("us", "UTC"),
        },
    )


def feature_row(features: pl.DataFrame, item_id: str) -> dict:
    return features.filter(pl.col("order_item_id") == item_id).row(0, named=True)


def test_history_excludes_label_known_after_order() -> None:
    items = frame(
        item("a", 1, "rto", returned=10),
        item("b", 5),
        item("c", 11),
    )
    features = build_features(items, AS_OF, RAW)

    # a's RTO became known on day 10, after b was ordered, so b has no pincode history.
    assert feature_row(features, "b")["pincode_rto_rate"] is None
    assert feature_row(features, "c")["pincode_rto_rate"] == 1.0


def test_history_excludes_label_known_at_order_time() -> None:
    items = frame(item("a", 1, "delivered", delivered=5), item("b", 5))
    features = build_features(items, AS_OF, RAW)

    assert feature_row(features, "b")["overall_rto_rate"] is None


def test_history_excludes_own_label() -> None:
    items = frame(item("a", 1, "rto", returned=3))
    features = build_features(items, AS_OF, RAW)

    assert feature_row(features, "a")["sku_rto_rate"] is None


def test_history_counts_per_group() -> None:
    items = frame(
        item("a", 1, "rto", returned=4, pincode="110001", state="07"),
        item("b", 1, "delivered", delivered=3, pincode="560001"),
        item("c", 2, "delivered", delivered=4, pincode="560001"),
        item("d", 10, pincode="560001"),
    )
    features = build_features(items, AS_OF, RAW)
    row = feature_row(features, "d")

    assert row["overall_rto_rate"] == pytest.approx(1 / 3)
    assert row["state_rto_rate"] == 0.0
    assert row["pincode_rto_rate"] == 0.0
    assert row["sku_rto_rate"] == pytest.approx(1 / 3)


def test_label_after_as_of_is_open() -> None:
    items = frame(item("a", 1, "delivered", delivered=40), item("b", 35))
    features = build_features(items, AS_OF, RAW)
    row = feature_row(features, "a")

    assert row["label"] is None
    assert row["is_open"] is True
    assert features.height == 1, "items ordered after as_of are dropped"


def test_labels_by_outcome() -> None:
    items = frame(
        item("rto", 1, "rto", returned=8),
        item("delivered", 1, "delivered", delivered=4),
        item("customer-return", 1, "customer_return", delivered=4, returned=12),
        item("return-seen-late", 1, "customer_return", returned=12),
        item("cancelled", 1, "cancelled", cancelled=1.2),
        item("open", 1),
        item("rto-no-time", 1, "rto"),
    )
    features = build_features(items, AS_OF, RAW)

    expected = {
        "rto": (1, False, False),
        "delivered": (0, False, False),
        "customer-return": (0, False, False),
        "return-seen-late": (0, False, False),
        "cancelled": (None, True, False),
        "open": (None, False, True),
        "rto-no-time": (None, False, True),
    }
    for item_id, (label, is_cancelled, is_open) in expected.items():
        row = feature_row(features, item_id)
        assert row["label"] == label, item_id
        assert row["is_cancelled"] is is_cancelled, item_id
        assert row["is_open"] is is_open, item_id
    assert feature_row(features, "customer-return")["label_known_at"] == day(4)
    assert feature_row(features, "return-seen-late")["label_known_at"] == day(12)


def test_order_features() -> None:
    items = frame(
        item("a", 0.5, price="400.00", shipment="SH-1"),
        item("b", 0.5, price="600.00", shipment="SH-1", payment="PREPAID"),
    )
    features = build_features(items, AS_OF, RAW)
    row = feature_row(features, "a")

    assert row["is_cod"] == 1.0
    assert row["zone_code"] == 2.0
    assert row["is_express"] == 0.0
    assert row["account_tier_code"] == 2.0
    assert row["log_unit_price"] == pytest.approx(5.991465, abs=1e-6)
    assert row["log_shipment_value"] == pytest.approx(6.907755, abs=1e-6)
    assert row["shipment_items"] == 2.0
    assert row["discount_share"] == pytest.approx(0.125)
    # 06:30 UTC plus half a day is 18:30 UTC, which is midnight in India on a Wednesday.
    assert row["ist_hour"] == 0.0
    assert row["ist_weekday"] == 3.0
    assert feature_row(features, "b")["is_cod"] == 0.0


def test_feature_columns_in_order() -> None:
    features = build_features(frame(item("a", 1)), AS_OF)

    assert tuple(features.columns) == (*IDENTITY_COLUMNS, *FEATURES)


@pytest.mark.parametrize(
    ("rtos", "items", "parent", "expected"),
    [
        (0, 0, 0.2, 0.2),  # no history: the parent
        (3, 4, 0.2, 0.2),  # below the minimum volume: the parent
        (5, 5, 0.2, (5 + 20 * 0.2) / 25),  # at the minimum: shrunk toward the parent
        (10, 100, 0.2, (10 + 20 * 0.2) / 120),
        (5, 10, None, 0.5),  # no parent: the raw rate
        (2, 4, None, None),  # no parent and too few items: unknown
    ],
)
def test_smoothed_rate(rtos: int, items: int, parent: float | None, expected) -> None:
    smoothing = HistorySmoothing(prior_weight=20.0, min_volume=5)
    values = pl.DataFrame(
        {"rtos": [rtos], "items": [items], "parent": [parent]},
        schema={"rtos": pl.Int64, "items": pl.Int64, "parent": pl.Float64},
    )
    result = values.select(
        smoothed_rate(pl.col("rtos"), pl.col("items"), pl.col("parent"), smoothing)
    ).item()

    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


def test_build_features_rejects_naive_as_of() -> None:
    with pytest.raises(ValueError, match="has no time zone"):
        build_features(frame(item("a", 1)), AS_OF.replace(tzinfo=None))


def test_build_features_names_missing_columns() -> None:
    items = frame(item("a", 1)).drop("delivery_pincode", "account_tier")

    with pytest.raises(ValueError, match="lack columns delivery_pincode, account_tier"):
        build_features(items, AS_OF)


def test_smoothing_rejects_zero_min_volume() -> None:
    with pytest.raises(ValueError, match="min_volume must be >= 1, got 0"):
        HistorySmoothing(min_volume=0)


def test_as_of_in_india_time_matches_utc() -> None:
    items = frame(item("a", 1, "rto", returned=10), item("b", 11))
    in_india = AS_OF.astimezone(ZoneInfo("Asia/Kolkata"))

    assert build_features(items, in_india, RAW).equals(build_features(items, AS_OF, RAW))
