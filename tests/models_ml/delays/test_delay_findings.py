"""Late labels, dimension counts, effects and ranking of the delay findings on hand-made frames."""

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from models_ml.delays import FINDING_SCHEMA, DelaySettings, find_delay_patterns, judged_shipments
from models_ml.delays.intervals import newcombe_interval, z_value

AS_OF = datetime(2026, 11, 30, 4, 30, tzinfo=UTC)  # Monday 10:00 IST
# 10:00 IST on a Wednesday and a Thursday of the week before AS_OF.
WEDNESDAY = datetime(2026, 11, 25, 4, 30, tzinfo=UTC)
THURSDAY = datetime(2026, 11, 26, 4, 30, tzinfo=UTC)
FRIDAY = datetime(2026, 11, 27, 4, 30, tzinfo=UTC)
TIME = pl.Datetime("us", "UTC")
SCHEMA = {
    "shipment_id": pl.String,
    "sku": pl.String,
    "location_id": pl.String,
    "quantity": pl.Int64,
    "ordered_at": TIME,
    "dispatch_by": TIME,
    "ready_to_dispatch_at": TIME,
    "sla_status": pl.String,
    "cancelled_at": TIME,
}


def item(
    shipment_id: str,
    ordered_at: datetime,
    late: bool | None,
    *,
    sku: str = "SKU-A",
    location_id: str = "LOC-1",
    quantity: int = 1,
) -> dict:
    """One order item whose shipment became ready an hour before or after its dispatch-by."""
    dispatch_by = ordered_at + timedelta(days=2)
    if late is None:
        ready = None
        status = "open"
    elif late:
        ready = dispatch_by + timedelta(hours=1)
        status = "breached"
    else:
        ready = dispatch_by - timedelta(hours=1)
        status = "on_time"
    return {
        "shipment_id": shipment_id,
        "sku": sku,
        "location_id": location_id,
        "quantity": quantity,
        "ordered_at": ordered_at,
        "dispatch_by": dispatch_by,
        "ready_to_dispatch_at": ready,
        "sla_status": status,
        "cancelled_at": None,
    }


def frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA)


def weekday_rows(prefix: str, ordered_at: datetime, orders: int, late: int) -> list[dict]:
    return [item(f"{prefix}-{n:03d}", ordered_at, n < late) for n in range(orders)]


def test_judged_shipments_late_rules() -> None:
    ordered = WEDNESDAY
    dispatch_by = ordered + timedelta(days=2)
    cases = [
        ("ready-early", dispatch_by - timedelta(hours=1), "on_time", None, False),
        ("ready-late", dispatch_by + timedelta(minutes=1), "breached", None, True),
        ("breached-unready", None, "breached", None, True),
        ("cancelled-after", None, "cancelled", dispatch_by + timedelta(hours=5), True),
        ("cancelled-before", None, "cancelled", dispatch_by - timedelta(hours=5), None),
        ("open", None, "open", None, None),
        ("unknown", None, "unknown", None, None),
    ]
    rows = [
        {
            **item(name, ordered, None),
            "ready_to_dispatch_at": ready,
            "sla_status": status,
            "cancelled_at": cancelled,
        }
        for name, ready, status, cancelled, _ in cases
    ]

    judged = judged_shipments(frame(rows), AS_OF, window_days=30)
    late_by_id = dict(judged.select("shipment_id", "late").iter_rows())

    for name, _, _, _, expected in cases:
        assert late_by_id.get(name) == expected, name


def test_judged_shipments_window_bounds() -> None:
    rows = [
        item("at-window-start", AS_OF - timedelta(days=30), False),
        item("inside", AS_OF - timedelta(days=29), False),
        item("after-as-of", AS_OF + timedelta(seconds=1), False),
    ]

    judged = judged_shipments(frame(rows), AS_OF, window_days=30)

    assert judged["shipment_id"].to_list() == ["inside"]


def test_findings_weekday_effect_exact() -> None:
    rows = (
        weekday_rows("wed", WEDNESDAY, orders=60, late=30)
        + weekday_rows("thu", THURSDAY, orders=120, late=6)
        + weekday_rows("fri", FRIDAY, orders=10, late=10)
    )

    result = find_delay_patterns(frame(rows), AS_OF)
    findings = result.findings

    # Friday has fewer than 30 shipments and every other dimension has one value only.
    assert findings["value"].to_list() == ["Wednesday", "Thursday"]
    z = z_value(0.95, tests=2)
    wednesday = findings.row(0, named=True)
    assert wednesday["dimension"] == "weekday"
    assert wednesday["orders"] == 60
    assert wednesday["late"] == 30
    assert wednesday["late_rate"] == pytest.approx(0.5)
    assert wednesday["rest_rate"] == pytest.approx(16 / 130)
    assert wednesday["effect"] == pytest.approx(0.5 - 16 / 130)
    low, high = newcombe_interval(30, 60, 16, 130, z)
    assert wednesday["low"] == pytest.approx(low)
    assert wednesday["high"] == pytest.approx(high)
    assert wednesday["rank"] == 1
    thursday = findings.row(1, named=True)
    assert thursday["effect"] == pytest.approx(0.05 - 40 / 70)
    assert thursday["rank"] == 2


def test_findings_frame_columns() -> None:
    rows = weekday_rows("wed", WEDNESDAY, 40, 20) + weekday_rows("thu", THURSDAY, 40, 2)

    findings = find_delay_patterns(frame(rows), AS_OF).findings

    assert findings.schema == pl.Schema(FINDING_SCHEMA)


def test_findings_count_shipments_per_sku() -> None:
    rows = [
        item("S1", WEDNESDAY, True, sku="SKU-A", quantity=1),
        item("S1", WEDNESDAY, True, sku="SKU-B", quantity=1),
        item("S2", WEDNESDAY, False, sku="SKU-A", quantity=1),
        item("S2", WEDNESDAY, False, sku="SKU-A", quantity=1),
        item("S3", THURSDAY, False, sku="SKU-B", quantity=1),
        item("S4", THURSDAY, False, sku="SKU-C", quantity=3),
    ]

    findings = find_delay_patterns(frame(rows), AS_OF, DelaySettings(min_orders=1)).findings
    counts = {
        (dimension, value): (orders, late)
        for dimension, value, orders, late in findings.select(
            "dimension", "value", "orders", "late"
        ).iter_rows()
    }

    assert counts[("sku", "SKU-A")] == (2, 1)
    assert counts[("sku", "SKU-B")] == (2, 1)
    assert counts[("sku", "SKU-C")] == (1, 0)
    assert counts[("order_size", "2 units")] == (2, 1)
    assert counts[("order_size", "1 unit")] == (1, 0)
    assert counts[("order_size", "3+ units")] == (1, 0)


def test_findings_weekday_and_hour_in_ist() -> None:
    # 20:00 UTC on Tuesday is 01:30 IST on Wednesday.
    tuesday_evening_utc = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
    rows = [item("S1", tuesday_evening_utc, True), item("S2", THURSDAY, False)]

    findings = find_delay_patterns(frame(rows), AS_OF, DelaySettings(min_orders=1)).findings
    late_values = findings.filter(pl.col("late") == 1).select("dimension", "value").rows()

    assert ("weekday", "Wednesday") in late_values
    assert ("hour_band", "00:00-05:59") in late_values


def test_findings_empty_frame() -> None:
    result = find_delay_patterns(frame([]), AS_OF)

    assert result.findings.height == 0
    assert result.version.rows == 0


def test_findings_version_is_deterministic() -> None:
    rows = weekday_rows("wed", WEDNESDAY, 40, 20) + weekday_rows("thu", THURSDAY, 40, 2)

    first = find_delay_patterns(frame(rows), AS_OF).version
    second = find_delay_patterns(frame(rows), AS_OF).version

    assert first.version == second.version
    assert first.rows == 80
    assert first.metrics["significant_findings"] == 1.0


def test_findings_reject_naive_as_of() -> None:
    with pytest.raises(ValueError, match="has no time zone"):
        find_delay_patterns(frame([]), datetime(2026, 11, 30))  # noqa: DTZ001 - naive on purpose


def test_findings_reject_missing_columns() -> None:
    with pytest.raises(ValueError, match=r"lacks columns \['sla_status'\]"):
        find_delay_patterns(frame([]).drop("sla_status"), AS_OF)


def test_findings_reject_naive_timestamps() -> None:
    naive = frame([item("S1", WEDNESDAY, True)]).with_columns(
        pl.col("dispatch_by").dt.replace_time_zone(None)
    )

    with pytest.raises(ValueError, match=r"'dispatch_by' is .* not a time-zone-aware datetime"):
        find_delay_patterns(naive, AS_OF)


def test_settings_reject_bad_values() -> None:
    with pytest.raises(ValueError, match="min_orders must be at least 1, got 0"):
        DelaySettings(min_orders=0)


def test_findings_reject_mixed_accounts() -> None:
    rows = frame([item("S1", WEDNESDAY, True), item("S2", THURSDAY, False)])
    mixed = rows.with_columns(pl.Series("account_id", ["acc-1", "acc-2"]))

    with pytest.raises(ValueError, match="frame contains 2 accounts, among them acc-1 and acc-2"):
        find_delay_patterns(mixed, AS_OF)
