"""Stock services: receipts, adjustments, counts and order events on both backends."""

from datetime import UTC, datetime

import pytest
from factories import new_tenant
from sqlalchemy import select

from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.inventory.events import OrderEvent
from sellerops.models import StockMovement
from sellerops.services.catalog import SkuInput, upsert_skus
from sellerops.services.stock import (
    adjust_stock,
    apply_order_events,
    count_stock,
    receive_stock,
    stock_levels,
)
from sellerops.services.stock_values import MAX_UNITS, check_sku_start

LOCATION = "LOC1"
WHEN = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def owner(store):
    owner = new_tenant(store, "acme")
    upsert_skus(owner, [SkuInput("MUG", safety_buffer=2, low_stock_threshold=5)])
    return owner


def event(key, kind, quantity=1):
    return OrderEvent(key, "MUG", LOCATION, kind, quantity, WHEN)


def level(owner):
    [row] = stock_levels(owner, "MUG")
    return row


def test_receipt_reference_booked_once(owner):
    first = receive_stock(owner, "MUG", LOCATION, 10, "GRN-1")
    again = receive_stock(owner, "MUG", LOCATION, 10, "GRN-1")

    assert first.applied
    assert not again.applied
    assert level(owner).on_hand == 10


def test_same_reference_other_sku_booked(owner):
    upsert_skus(owner, [SkuInput("CUP")])
    receive_stock(owner, "MUG", LOCATION, 10, "GRN-1")

    change = receive_stock(owner, "CUP", LOCATION, 4, "GRN-1")

    assert change.applied
    assert change.on_hand == 4


def test_level_view_fields(owner):
    receive_stock(owner, "MUG", LOCATION, 10, "GRN-1")
    apply_order_events(owner, [event("I1:reserve", "reservation", 3)])

    row = level(owner)
    assert (row.on_hand, row.reserved, row.available) == (10, 3, 7)
    assert (row.safety_buffer, row.low_stock_threshold) == (2, 5)


def test_adjust_needs_reason(owner):
    with pytest.raises(InvalidInputError, match="reason is empty"):
        adjust_stock(owner, "MUG", LOCATION, 2, "  ")


def test_adjust_below_zero_rejected(owner):
    receive_stock(owner, "MUG", LOCATION, 1, "GRN-1")
    with pytest.raises(InvalidInputError, match="would leave -1 units"):
        adjust_stock(owner, "MUG", LOCATION, -2, "broken")
    assert level(owner).on_hand == 1


def test_count_sets_on_hand(owner):
    receive_stock(owner, "MUG", LOCATION, 10, "GRN-1")

    change = count_stock(owner, "MUG", LOCATION, 7)

    assert (change.on_hand_delta, change.on_hand) == (-3, 7)


def test_unknown_sku_not_found(owner):
    with pytest.raises(NotFoundError, match="'CUP' is not in the SKU master"):
        receive_stock(owner, "CUP", LOCATION, 1, "GRN-1")


@pytest.mark.parametrize("quantity", [0, -1, True, 2.5])
def test_receive_bad_quantity(owner, quantity):
    with pytest.raises(InvalidInputError):
        receive_stock(owner, "MUG", LOCATION, quantity, "GRN-1")


def test_dispatch_closes_reservation(owner):
    receive_stock(owner, "MUG", LOCATION, 10, "GRN-1")
    events = [event("I1:reserve", "reservation", 2), event("I1:dispatch", "dispatch", 2)]

    result = apply_order_events(owner, events)

    assert result.applied == 2
    assert (level(owner).on_hand, level(owner).reserved) == (8, 0)


def test_dispatch_without_reservation(owner):
    receive_stock(owner, "MUG", LOCATION, 10, "GRN-1")

    apply_order_events(owner, [event("I1:dispatch", "dispatch", 2)])
    late = apply_order_events(owner, [event("I1:reserve", "reservation", 2)])

    assert late.skipped_unreserved == 1
    assert (level(owner).on_hand, level(owner).reserved) == (8, 0)


def test_release_needs_reservation(owner):
    result = apply_order_events(owner, [event("I1:release", "release")])

    assert (result.applied, result.skipped_unreserved) == (0, 1)
    assert level(owner).reserved == 0


def test_release_after_reservation(owner):
    apply_order_events(owner, [event("I1:reserve", "reservation", 3)])

    apply_order_events(owner, [event("I1:release", "release", 3)])

    assert level(owner).reserved == 0


def test_restocks_good_and_damaged(owner):
    events = [event("R1:restock", "restock_good", 2), event("R2:restock", "restock_damaged")]

    apply_order_events(owner, events)

    assert (level(owner).on_hand, level(owner).damaged) == (2, 1)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (OrderEvent("I9:reserve", "", LOCATION, "reservation", 1, WHEN), "has no SKU"),
        (OrderEvent("I9:reserve", "MUG", "", "reservation", 1, WHEN), "no location id"),
        (OrderEvent("I9:reserve", "MUG", LOCATION, "reservation", 0, WHEN), "quantity 0"),
        (OrderEvent("I9:lost", "MUG", LOCATION, "lost", 1, WHEN), "not an order event"),
    ],
)
def test_bad_event_rejected(owner, bad, reason):
    result = apply_order_events(owner, [bad])

    assert result.applied == 0
    assert len(result.rejected) == 1
    assert reason in result.rejected[0][1]


def test_movement_records_actor_and_time(owner, store):
    apply_order_events(owner, [event("I1:reserve", "reservation")])

    with store.operator_read() as session:
        movement = session.scalars(select(StockMovement)).one()
    assert movement.actor_label == "user:owner@acme.example"
    assert movement.occurred_at == WHEN
    assert movement.source_key == "I1:reserve"


def test_receipt_over_max_units_rejected(owner, store):
    receive_stock(owner, "MUG", LOCATION, MAX_UNITS, "GRN-1")

    with pytest.raises(InvalidInputError) as raised:
        receive_stock(owner, "MUG", LOCATION, 1, "GRN-2")

    assert str(raised.value) == (
        f"SKU 'MUG' at 'LOC1' would have {MAX_UNITS + 1} units on hand, over the maximum of "
        f"{MAX_UNITS}; check the quantity."
    )
    assert level(owner).on_hand == MAX_UNITS
    with store.read(owner.tenant_id) as session:
        keys = session.scalars(select(StockMovement.source_key)).all()
    assert not any("GRN-2" in key for key in keys)


def test_receipt_replay_at_max_units(owner):
    receive_stock(owner, "MUG", LOCATION, MAX_UNITS, "GRN-1")

    again = receive_stock(owner, "MUG", LOCATION, MAX_UNITS, "GRN-1")

    assert not again.applied
    assert level(owner).on_hand == MAX_UNITS


@pytest.mark.parametrize("sku", ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "\tTAB"])
def test_sku_formula_start_rejected(sku):
    with pytest.raises(InvalidInputError, match="spreadsheets read as a formula"):
        check_sku_start(sku)


@pytest.mark.parametrize("sku", ["MUG-1", "1-MUG", "a=b"])
def test_sku_plain_start_passes(sku):
    assert check_sku_start(sku) == sku
