"""The autopilot seller (SimConfig.autopilot): packing and ready-to-dispatch on the clock."""

from datetime import datetime, timedelta

import pytest

from ingestion.sandbox.simulation import Marketplace, SimConfig

DAY = 86400.0
WEDNESDAY = 2
WORLD = {"seed": 5, "sellers": 1, "history_days": 4, "orders_per_day": 40, "speed": 0}
ADVANCE_DAYS = 10
# Orders this old at the end are readied or cancelled for a missed dispatch-by, whatever
# their packing delay, because dispatch-by is at most a few days after the order and the
# marketplace cancels 72 hours after it.
SETTLED_DAYS = 7


def advanced_shipments(**options) -> tuple[datetime, datetime, dict[str, dict]]:
    """Return the start, the end and the truth's shipments after ADVANCE_DAYS of the world."""
    market = Marketplace(SimConfig(**WORLD, **options))
    start = market.now()
    market.advance(ADVANCE_DAYS * DAY)
    (seller,) = market.truth()["sellers"].values()
    return start, market.now(), seller["shipments"]


def ordered_at(shipment: dict) -> datetime:
    return datetime.fromisoformat(shipment["orderDate"])


def settled_live(start: datetime, end: datetime, shipments: dict[str, dict]) -> list[dict]:
    """Return the shipments placed after start and at least SETTLED_DAYS before end."""
    latest = end - timedelta(days=SETTLED_DAYS)
    return [shipment for shipment in shipments.values() if start <= ordered_at(shipment) <= latest]


@pytest.fixture(scope="module")
def manual() -> tuple[datetime, datetime, dict[str, dict]]:
    return advanced_shipments()


@pytest.fixture(scope="module")
def autopilot() -> tuple[datetime, datetime, dict[str, dict]]:
    return advanced_shipments(autopilot=True)


@pytest.fixture(scope="module")
def planted() -> tuple[datetime, datetime, dict[str, dict]]:
    return advanced_shipments(autopilot=True, late_weekday=WEDNESDAY)


def test_manual_seller_readies_nothing_live(manual) -> None:
    live = settled_live(*manual)

    assert len(live) > 50
    assert all(shipment["readyToDispatchAt"] is None for shipment in live)


def test_autopilot_readies_live_orders(autopilot) -> None:
    start, _, _ = autopilot
    live = settled_live(*autopilot)
    open_ones = [shipment for shipment in live if shipment["state"] != "CANCELLED"]
    readied = [shipment for shipment in open_ones if shipment["readyToDispatchAt"] is not None]

    assert len(open_ones) > 50
    assert len(readied) == len(open_ones)
    assert all(
        ordered_at(shipment) < datetime.fromisoformat(shipment["readyToDispatchAt"])
        for shipment in readied
    )
    assert all(datetime.fromisoformat(s["readyToDispatchAt"]) > start for s in readied)


def test_autopilot_mostly_on_time(autopilot) -> None:
    readied = [s for s in settled_live(*autopilot) if s["readyToDispatchAt"] is not None]
    late = sum(bool(shipment["dispatchedLate"]) for shipment in readied)

    assert late < len(readied) / 4


def test_autopilot_readies_history_backlog(manual, autopilot) -> None:
    """History orders the seller had not readied by start are readied after it."""
    start, _, manual_shipments = manual
    _, _, autopilot_shipments = autopilot
    backlog = [
        shipment_id
        for shipment_id, shipment in manual_shipments.items()
        if ordered_at(shipment) < start and shipment["readyToDispatchAt"] is None
    ]
    readied = [
        shipment_id
        for shipment_id in backlog
        if autopilot_shipments[shipment_id]["readyToDispatchAt"] is not None
    ]
    not_readied_states = {
        autopilot_shipments[shipment_id]["state"]
        for shipment_id in backlog
        if shipment_id not in readied
    }

    assert len(backlog) > 5
    assert len(readied) > len(backlog) / 2
    assert not_readied_states <= {"CANCELLED"}


def test_autopilot_keeps_history_at_start() -> None:
    manual_truth = Marketplace(SimConfig(**WORLD)).truth()
    autopilot_truth = Marketplace(SimConfig(**WORLD, autopilot=True)).truth()

    assert autopilot_truth == manual_truth


def test_autopilot_plants_late_weekday_live(planted) -> None:
    readied = [s for s in settled_live(*planted) if s["readyToDispatchAt"] is not None]
    on_weekday = [s for s in readied if ordered_at(s).weekday() == WEDNESDAY]
    other_days = [s for s in readied if ordered_at(s).weekday() != WEDNESDAY]
    late_elsewhere = sum(bool(shipment["dispatchedLate"]) for shipment in other_days)

    assert len(on_weekday) > 10
    assert all(shipment["dispatchedLate"] for shipment in on_weekday)
    assert late_elsewhere < len(other_days) / 4


def test_autopilot_leaves_test_orders() -> None:
    market = Marketplace(SimConfig(**WORLD, autopilot=True))
    seller = market.sellers[0]
    sku = market.listing_skus(seller.seller_id, "ACTIVE")[0]
    listing_id = market.listing(seller.seller_id, sku)["listing_id"]
    created = market.create_test_order(
        seller.seller_id,
        {
            "locationId": seller.location_ids[0],
            "orderItems": [{"listingId": listing_id, "quantity": 1}],
        },
    )
    item_id = created["orderItems"][0]["orderItemId"]

    market.advance(ADVANCE_DAYS * DAY)
    shipment = market.shipments_by(seller.seller_id, order_item_ids=[item_id])[0]

    assert shipment["orderItems"][0]["status"] == "APPROVED"
