"""Replaying a month of a sandbox seller's order events: each event moves stock once."""

from collections import Counter, defaultdict

import pytest
from factories import new_tenant
from sqlalchemy import func, select

from ingestion.client import FlipkartClient
from ingestion.client.pull import full_pull
from ingestion.sandbox.server.runner import SandboxServer
from sellerops.inventory.events import order_events
from sellerops.models import StockMovement
from sellerops.services.catalog import SkuInput, upsert_skus
from sellerops.services.stock import apply_order_events, stock_levels

MONTH = {"sellers": 1, "orders_per_day": 20, "history_days": 30, "speed": 0}


@pytest.fixture(scope="module")
def month():
    """The order events and SKUs of a sandbox seller's month of shipments and returns."""
    with SandboxServer(seed=11, **MONTH) as server:
        seller = server.credentials()[0]
        client = FlipkartClient(
            "local", seller["app_id"], seller["app_secret"], base_url=server.base_url
        )
        with client:
            pulled = full_pull(client)
    events = order_events(pulled.shipments.values(), pulled.returns.values())
    skus = sorted({event.sku for event in events if event.sku})
    return events, skus


@pytest.fixture
def owner(store, month):
    """An owner whose SKU master has every SKU of the month but the first."""
    _events, skus = month
    owner = new_tenant(store, "acme")
    upsert_skus(owner, [SkuInput(sku) for sku in skus[1:]])
    return owner


def snapshot(owner):
    return [
        (level.sku, level.location_id, level.on_hand, level.reserved, level.damaged)
        for level in stock_levels(owner)
    ]


def test_month_events_cover_every_kind(month):
    events, _skus = month
    kinds = Counter(event.kind for event in events)
    for kind in ("reservation", "release", "dispatch", "restock_good"):
        assert kinds[kind] > 0, kinds


def test_replay_three_times_same_stock(owner, month):
    events, _skus = month

    first = apply_order_events(owner, events)
    once = snapshot(owner)
    replays = [apply_order_events(owner, events) for _ in range(2)]

    assert snapshot(owner) == once
    for replay in replays:
        assert replay.applied == 0
        assert replay.skipped_duplicates == first.applied + first.skipped_duplicates
        assert replay.skipped_unreserved == first.skipped_unreserved
        assert len(replay.rejected) == len(first.rejected)


def test_replay_in_reverse_same_stock(owner, month, store):
    events, _skus = month
    apply_order_events(owner, events)
    once = snapshot(owner)

    apply_order_events(owner, list(reversed(events)))

    assert snapshot(owner) == once


def test_unknown_sku_events_rejected(owner, month):
    events, skus = month

    result = apply_order_events(owner, events)

    unknown = [event for event in events if event.sku == skus[0]]
    assert unknown
    rejected = sorted(event.source_key for event, _reason in result.rejected)
    assert rejected == sorted(event.source_key for event in unknown)
    for _event, reason in result.rejected:
        assert reason == (
            f"SKU {skus[0]!r} is not in the SKU master; add it, then run "
            f"`sellerops pipeline run --tenant SLUG --replay-stock` to apply this event"
        )


def test_levels_equal_ledger_sums(owner, month, store):
    events, _skus = month
    apply_order_events(owner, events)

    with store.operator_read() as session:
        statement = select(
            StockMovement.sku,
            StockMovement.location_id,
            func.sum(StockMovement.on_hand_delta),
            func.sum(StockMovement.reserved_delta),
            func.sum(StockMovement.damaged_delta),
        ).group_by(StockMovement.sku, StockMovement.location_id)
        sums = {(row[0], row[1]): tuple(row[2:]) for row in session.execute(statement)}
    # A level whose only events moved nothing (a release before any reservation) stays at 0.
    levels = {(sku, place): tuple(rest) for sku, place, *rest in snapshot(owner)}
    assert {place: levels[place] for place in sums} == sums
    for place in levels.keys() - sums.keys():
        assert levels[place] == (0, 0, 0), place


def test_on_hand_follows_dispatches_and_restocks(owner, month):
    events, skus = month
    apply_order_events(owner, events)

    expected = defaultdict(int)
    for event in events:
        if event.sku == skus[0]:
            continue
        if event.kind == "dispatch":
            expected[(event.sku, event.location_id)] -= event.quantity
        elif event.kind == "restock_good":
            expected[(event.sku, event.location_id)] += event.quantity
    on_hand = {(sku, place): units for sku, place, units, _reserved, _damaged in snapshot(owner)}
    for place, units in expected.items():
        assert on_hand[place] == units, place


def test_no_reservation_left_on_closed_items(owner, month):
    events, skus = month
    apply_order_events(owner, events)

    # Units stay reserved only for items approved but neither cancelled nor dispatched yet.
    closed = {
        event.source_key.rsplit(":", 1)[0]
        for event in events
        if event.kind in ("release", "dispatch")
    }
    expected = defaultdict(int)
    for event in events:
        item = event.source_key.rsplit(":", 1)[0]
        if event.kind == "reservation" and item not in closed and event.sku != skus[0]:
            expected[(event.sku, event.location_id)] += event.quantity
    reserved = {(sku, place): units for sku, place, _on_hand, units, _damaged in snapshot(owner)}
    for place, units in reserved.items():
        assert units == expected.get(place, 0), place
