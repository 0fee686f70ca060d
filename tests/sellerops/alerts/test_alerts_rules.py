from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from sellerops.alerts import (
    AlertKind,
    RuleSettings,
    RunFailure,
    WarehouseRows,
    evaluate_rules,
    parse_kind,
    rules,
    window_start,
)
from sellerops.errors import InvalidInputError

NOW = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)  # 12:00 in India


def settings(threshold, window_hours=24):
    return RuleSettings(Decimal(str(threshold)), window_hours)


def shipment(shipment_id, hours_left, status="open", ready_at=None):
    return {
        "account_id": "acc-1",
        "shipment_id": shipment_id,
        "sla_status": status,
        "dispatch_by": NOW + timedelta(hours=hours_left),
        "ready_to_dispatch_at": ready_at,
    }


@pytest.mark.parametrize(
    ("hours_left", "status", "expected"),
    [
        (7, "open", None),
        (6, "open", "warning"),
        (0.5, "open", "warning"),
        (-2, "open", "critical"),
        (1, "on_time", None),
        (1, "cancelled", None),
        (-2, "breached", "critical"),
    ],
)
def test_pending_dispatch_threshold(hours_left, status, expected):
    found = rules.pending_dispatch([shipment("S1", hours_left, status)], settings(6), NOW)

    assert [candidate.severity.value for candidate in found] == ([expected] if expected else [])


def test_pending_dispatch_skips_breached_ready():
    row = shipment("S1", -2, "breached", ready_at=NOW - timedelta(hours=1))

    assert rules.pending_dispatch([row], settings(6), NOW) == []


def test_pending_dispatch_counts_from_as_of():
    rows = [shipment("S1", 8), {**shipment("S2", 8), "account_id": "acc-2"}]
    # acc-1 last synced when Flipkart's clock read 3 hours ahead of ours; acc-2 has no as-of.
    as_of = {"acc-1": NOW + timedelta(hours=3)}

    found = rules.pending_dispatch(rows, settings(6), NOW, as_of)

    assert [candidate.condition_key for candidate in found] == ["pending_dispatch:acc-1:S1"]
    assert found[0].facts["hours_left"] == "5.00"
    assert "5.0 h left" in found[0].title


def test_pending_dispatch_as_of_in_past():
    # Judged at a sync 10 hours ago, the shipment was 12 hours from dispatch-by.
    as_of = {"acc-1": NOW - timedelta(hours=10)}

    found = rules.pending_dispatch([shipment("S1", 2)], settings(6), NOW, as_of)

    assert found == []


def test_pending_dispatch_key_stable():
    first = rules.pending_dispatch([shipment("S1", 3)], settings(6), NOW)
    later = rules.pending_dispatch([shipment("S1", 3)], settings(6), NOW + timedelta(hours=2))

    assert first[0].condition_key == "pending_dispatch:acc-1:S1"
    assert later[0].condition_key == first[0].condition_key
    assert first[0].title != later[0].title


def sla_day(day, breached, on_time, account="acc-1"):
    return {
        "account_id": account,
        "dispatch_by_date": day,
        "breached": breached,
        "on_time": on_time,
    }


def test_sla_breach_rate_over_seven_days():
    today = date(2026, 12, 7)
    daily = [
        sla_day(today, 1, 9),
        sla_day(today - timedelta(days=6), 1, 9),
        # Outside the 7 days, so ignored although it is all breaches.
        sla_day(today - timedelta(days=7), 50, 0),
        sla_day(today, 0, 10, account="acc-2"),
    ]

    found = rules.sla_breach_risk(daily, settings("0.05"), NOW)

    assert [candidate.account_id for candidate in found] == ["acc-1"]
    assert found[0].facts["rate"] == "0.1000"
    assert found[0].facts["decided"] == 20


def test_sla_breach_window_ends_at_as_of():
    as_of_day = date(2026, 11, 20)
    daily = [
        sla_day(as_of_day, 5, 5),
        sla_day(as_of_day - timedelta(days=6), 5, 5),
        # Within the 7 days before our clock but after the sync's day, so ignored.
        sla_day(date(2026, 12, 7), 0, 100),
    ]
    as_of = {"acc-1": datetime(2026, 11, 20, 12, 0, tzinfo=UTC)}

    found = rules.sla_breach_risk(daily, settings("0.05"), NOW, as_of)
    by_wall_clock = rules.sla_breach_risk(daily, settings("0.05"), NOW)

    assert [candidate.facts["decided"] for candidate in found] == [20]
    assert found[0].facts["rate"] == "0.5000"
    assert by_wall_clock == []


def test_evaluate_passes_as_of():
    rows = WarehouseRows(
        sla_shipments=[shipment("S1", 8)], as_of={"acc-1": NOW + timedelta(hours=3)}
    )

    assert [candidate.kind.value for candidate in evaluate_rules(rows, NOW)] == ["pending_dispatch"]
    assert evaluate_rules(WarehouseRows(sla_shipments=[shipment("S1", 8)]), NOW) == []


def test_sla_breach_rate_at_threshold_quiet():
    found = rules.sla_breach_risk([sla_day(date(2026, 12, 7), 1, 19)], settings("0.05"), NOW)

    assert found == []


def stock(sku, available, *, low=False, out=False):
    return {
        "sku": sku,
        "location_id": "LOC1",
        "available": available,
        "days_of_cover": None,
        "reorder_quantity": 10,
        "is_low_stock": low,
        "is_out_of_stock": out,
    }


def test_low_stock_flags():
    levels = [stock("A", 50), stock("B", 3, low=True), stock("C", 0, out=True), stock("D", 4)]

    found = rules.low_stock(levels, settings(4), NOW)

    assert [candidate.condition_key for candidate in found] == [
        "low_stock:B:LOC1",
        "low_stock:C:LOC1",
        "low_stock:D:LOC1",
    ]
    assert [candidate.severity.value for candidate in found] == ["warning", "critical", "warning"]


def test_high_rto_sku_needs_orders():
    rates = [
        {"account_id": "acc-1", "sku": "A", "predicted_rate": 0.45, "orders": 30},
        {"account_id": "acc-1", "sku": "B", "predicted_rate": 0.60, "orders": 9},
        {"account_id": "acc-1", "sku": "C", "predicted_rate": 0.29, "orders": 100},
        {"account_id": "acc-1", "sku": "D", "predicted_rate": None, "orders": 100},
    ]

    found = rules.high_rto_skus(rates, settings("0.30"), NOW)

    assert [candidate.condition_key for candidate in found] == ["high_rto_sku:acc-1:A"]


def scored(item, probability, *, cod=True, hours_ago=2):
    return {
        "account_id": "acc-1",
        "order_item_id": item,
        "order_id": f"OD{item}",
        "sku": "SKU-1",
        "rto_probability": probability,
        "is_cod": cod,
        "ordered_at": NOW - timedelta(hours=hours_ago),
    }


def test_cod_rto_risk_new_cod_only():
    items = [
        scored("1", 0.8),
        scored("2", 0.8, cod=False),
        scored("3", 0.8, hours_ago=25),
        scored("4", 0.49),
        scored("5", 0.5),
    ]

    found = rules.cod_rto_risk(items, settings("0.5"), NOW)

    assert [candidate.facts["order_item_id"] for candidate in found] == ["1", "5"]


def test_fee_overcharge_total_per_account():
    rows = [
        {"account_id": "acc-1", "order_item_id": "I1", "claim_amount": Decimal("60.500")},
        {"account_id": "acc-1", "order_item_id": "I2", "claim_amount": Decimal("39.500")},
        {"account_id": "acc-2", "order_item_id": "I3", "claim_amount": Decimal("99.990")},
    ]

    found = rules.fee_overcharges(rows, settings(100), NOW)

    assert [candidate.account_id for candidate in found] == ["acc-1"]
    assert found[0].facts == {"claim_total": "100.00", "order_items": 2}
    assert "₹100.00" in found[0].title


def test_sync_failures_all_sources():
    sync_log = [
        {"account_id": "fresh", "committed_at": NOW - timedelta(minutes=30)},
        {"account_id": "stale", "committed_at": NOW - timedelta(hours=3)},
    ]
    rejected = [
        {
            "account_id": "fresh",
            "stream": "shipments",
            "rejected_at": NOW - timedelta(hours=1),
            "row_count": 4,
        },
        {
            "account_id": "stale",
            "stream": "returns",
            "rejected_at": NOW - timedelta(hours=5),
            "row_count": 9,
        },
    ]
    failures = [RunFailure("fresh", "run-1", "incremental_sync", "dbt build failed")]

    found = rules.sync_failures(sync_log, rejected, failures, settings(2), NOW)

    assert sorted(candidate.condition_key for candidate in found) == [
        "sync_failure:fresh:rejected",
        "sync_failure:fresh:run",
        "sync_failure:stale:stale",
    ]


def test_evaluate_skips_disabled_rules():
    rows = WarehouseRows(sla_shipments=[shipment("S1", 1)], stock_cover=[stock("A", 0, out=True)])
    disabled = RuleSettings(Decimal(6), 24, is_enabled=False)

    everything = evaluate_rules(rows, NOW)
    without_dispatch = evaluate_rules(rows, NOW, {AlertKind.PENDING_DISPATCH: disabled})

    assert sorted(candidate.kind.value for candidate in everything) == [
        "low_stock",
        "pending_dispatch",
    ]
    assert [candidate.kind.value for candidate in without_dispatch] == ["low_stock"]


@pytest.mark.parametrize(
    ("moment", "hours", "expected"),
    [
        (datetime(2026, 12, 7, 6, 30, tzinfo=UTC), 24, datetime(2026, 12, 7, tzinfo=UTC)),
        (datetime(2026, 12, 7, 23, 59, tzinfo=UTC), 24, datetime(2026, 12, 7, tzinfo=UTC)),
        (datetime(2026, 12, 7, 6, 30, tzinfo=UTC), 6, datetime(2026, 12, 7, 6, tzinfo=UTC)),
        (datetime(2026, 12, 7, 5, 59, tzinfo=UTC), 6, datetime(2026, 12, 7, 0, tzinfo=UTC)),
    ],
)
def test_window_start_table(moment, hours, expected):
    assert window_start(moment, hours) == expected


def test_window_start_rejects_naive_time():
    with pytest.raises(InvalidInputError, match="no time zone"):
        window_start(datetime(2026, 12, 7), 24)  # noqa: DTZ001 (the case under test)


def test_parse_kind_lists_kinds():
    with pytest.raises(InvalidInputError, match="pending_dispatch"):
        parse_kind("late")
