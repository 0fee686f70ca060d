"""Shipment and return searches: state consistency, filters, sorting, validation, perturb."""

import random
from datetime import datetime, timedelta

import pytest

from ingestion.sandbox.simulation import Marketplace, SimConfig

TYPES = {
    "preDispatch": {
        "APPROVED",
        "PACKING_IN_PROGRESS",
        "PACKED",
        "FORM_FAILED",
        "READY_TO_DISPATCH",
    },
    "postDispatch": {
        "PICKUP_COMPLETE",
        "SHIPPED",
        "DELIVERED",
        "RETURN_REQUESTED",
        "RETURNED",
        "COMPLETED",
    },
}
CANCELLATION_TYPES = ("sellerCancellation", "buyerCancellation", "marketplaceCancellation")


@pytest.fixture(scope="module")
def market() -> Marketplace:
    return Marketplace(SimConfig(seed=3, sellers=2, history_days=25, orders_per_day=30, speed=0))


@pytest.fixture(scope="module")
def seller_id(market) -> str:
    return market.sellers[0].seller_id


def _all_ids(market, seller_id) -> list[str]:
    found = []
    for type_name in TYPES:
        found += market.find_shipments(seller_id, type=type_name)
    for cancellation_type in CANCELLATION_TYPES:
        found += market.find_shipments(
            seller_id, type="cancelled", cancellation_type=cancellation_type
        )
    return found


def test_types_partition_every_shipment(market, seller_id):
    found = _all_ids(market, seller_id)
    truth = market.truth(seller_id)["sellers"][seller_id]

    assert len(found) == len(set(found))
    assert set(found) == set(truth["shipments"])


@pytest.mark.parametrize("type_name", sorted(TYPES))
def test_states_match_shipment_dicts(market, seller_id, type_name):
    for shipment_id in market.find_shipments(seller_id, type=type_name):
        shipment = market.shipment(seller_id, shipment_id)
        statuses = {item["status"] for item in shipment["orderItems"]}

        assert len(statuses) == 1
        assert statuses <= TYPES[type_name]


def test_state_filter_selects_only_that_state(market, seller_id):
    for shipment_id in market.find_shipments(seller_id, type="postDispatch", states=["SHIPPED"]):
        shipment = market.shipment(seller_id, shipment_id)

        assert shipment["orderItems"][0]["status"] == "SHIPPED"


def test_cancelled_by_type(market, seller_id):
    for cancellation_type in CANCELLATION_TYPES:
        for shipment_id in market.find_shipments(
            seller_id, type="cancelled", cancellation_type=cancellation_type
        ):
            item = market.shipment(seller_id, shipment_id)["orderItems"][0]

            assert item["status"] == "CANCELLED"
            assert item["cancellationDate"] is not None


def test_buyer_cancellations_exist(market, seller_id):
    found = market.find_shipments(
        seller_id, type="cancelled", cancellation_type="buyerCancellation"
    )

    assert found


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"type": "shipped"}, "invalid filter type"),
        ({"type": "preDispatch", "states": ["SHIPPED"]}, "invalid state"),
        ({"type": "cancelled"}, "cancellationType is required"),
        ({"type": "postDispatch", "sort_field": "price"}, "invalid sort field"),
        ({"type": "postDispatch", "sort_order": "up"}, "invalid sort order"),
        ({"type": "postDispatch", "shipment_types": ["FAST"]}, "invalid shipmentType"),
    ],
)
def test_invalid_query_raises(market, seller_id, arguments, message):
    with pytest.raises(ValueError, match=message):
        market.find_shipments(seller_id, **arguments)


def test_default_sort_is_dispatch_by_then_id(market, seller_id):
    ids = market.find_shipments(seller_id, type="postDispatch")
    keys = [(market.shipment(seller_id, i)["dispatchByDate"], i) for i in ids]

    assert keys == sorted(keys)


def test_desc_sort_reverses(market, seller_id):
    ascending = market.find_shipments(seller_id, type="postDispatch", sort_field="orderDate")
    descending = market.find_shipments(
        seller_id, type="postDispatch", sort_field="orderDate", sort_order="desc"
    )

    assert descending == ascending[::-1]


def test_order_date_range_is_inclusive(market, seller_id):
    ids = market.find_shipments(seller_id, type="postDispatch", sort_field="orderDate")
    first = datetime.fromisoformat(market.shipment(seller_id, ids[0])["orderItems"][0]["orderDate"])
    found = market.find_shipments(seller_id, type="postDispatch", order_date=(first, first))

    assert ids[0] in found


def test_modified_date_filter(market, seller_id):
    now = market.now()
    window = (now - timedelta(days=2), now)
    for shipment_id in market.find_shipments(seller_id, type="postDispatch", modified_date=window):
        updated = datetime.fromisoformat(market.shipment(seller_id, shipment_id)["updatedAt"])

        assert window[0] <= updated <= window[1]


def test_location_and_sku_filters(market, seller_id):
    seller = market.sellers[0]
    location_id = seller.location_ids[-1]
    some_id = market.find_shipments(seller_id, type="postDispatch", location_id=location_id)[0]
    sku = market.shipment(seller_id, some_id)["orderItems"][0]["sku"]
    found = market.find_shipments(seller_id, type="postDispatch", skus=[sku])

    assert some_id in found
    for shipment_id in found:
        skus = {item["sku"] for item in market.shipment(seller_id, shipment_id)["orderItems"]}
        assert sku in skus


def test_fbf_profile_finds_nothing(market, seller_id):
    assert market.find_shipments(seller_id, type="postDispatch", service_profiles=["FBF"]) == []


def test_other_seller_shipment_is_none(market, seller_id):
    other = market.sellers[1].seller_id
    shipment_id = market.find_shipments(other, type="postDispatch")[0]

    assert market.shipment(seller_id, shipment_id) is None
    assert market.shipments_by(seller_id, shipment_ids=[shipment_id]) == []


def test_shipments_by_each_id_kind(market, seller_id):
    shipment_id = market.find_shipments(seller_id, type="postDispatch")[0]
    shipment = market.shipment(seller_id, shipment_id)
    item = shipment["orderItems"][0]

    assert market.shipments_by(seller_id, shipment_ids=[shipment_id]) == [shipment]
    assert market.shipments_by(seller_id, order_item_ids=[item["orderItemId"]]) == [shipment]
    assert shipment in market.shipments_by(seller_id, order_ids=[item["orderId"]])


def test_returns_sorted_by_created(market, seller_id):
    ids = market.find_returns(seller_id)
    created = [market.return_item(seller_id, i)["createdDate"] for i in ids]

    assert created == sorted(created)


def test_return_source_filter(market, seller_id):
    for return_id in market.find_returns(seller_id, source="courier_return"):
        assert market.return_item(seller_id, return_id)["source"] == "courier_return"


def test_returns_by_tracking_id(market, seller_id):
    record = market.return_item(seller_id, market.find_returns(seller_id)[0])
    found = market.returns_by(seller_id, tracking_ids=[record["trackingId"]])

    assert [entry["returnId"] for entry in found] == [record["returnId"]]


def test_invalid_return_source_raises(market, seller_id):
    with pytest.raises(ValueError, match="invalid return source"):
        market.find_returns(seller_id, source="rto")


def test_perturb_moves_one_shipment():
    market = Marketplace(SimConfig(seed=4, sellers=1, history_days=10, orders_per_day=20, speed=0))
    seller_id = market.sellers[0].seller_id
    before = market.truth(seller_id)["sellers"][seller_id]["shipments"]
    version = market.version

    changed = market.perturb(seller_id, random.Random(1))
    after = market.truth(seller_id)["sellers"][seller_id]["shipments"]
    moved = [i for i in after if after[i]["updatedAt"] != before[i]["updatedAt"]]

    assert changed is not None
    assert market.version > version
    assert len(moved) == 1
    assert after[moved[0]]["updatedAt"] == market.truth()["now"]


def test_clock_advance_plays_events():
    market = Marketplace(SimConfig(seed=4, sellers=1, history_days=10, orders_per_day=20, speed=0))
    seller_id = market.sellers[0].seller_id
    shipped = set(market.find_shipments(seller_id, type="postDispatch", states=["SHIPPED"]))
    version = market.version

    market.advance(10 * 86400)
    delivered = set(
        market.find_shipments(
            seller_id, type="postDispatch", states=["DELIVERED", "RETURN_REQUESTED", "RETURNED"]
        )
    )

    assert market.version > version
    assert shipped <= delivered


def test_frozen_clock_stays(market):
    assert market.now() == market.now()


def _moved_market(queries, warm: bool) -> list[list[str]]:
    """Build a world, optionally warm the query cache, move it on, then run the queries."""
    market = Marketplace(
        SimConfig(
            seed=8, sellers=1, history_days=15, orders_per_day=40, speed=0, pack_delay_seconds=0
        )
    )
    seller_id = market.sellers[0].seller_id
    if warm:
        for query in queries:
            market.find_shipments(seller_id, **query)
    rng = random.Random(2)
    for _ in range(30):
        market.perturb(seller_id, rng)
    market.advance(6 * 3600)
    return [market.find_shipments(seller_id, **query) for query in queries]


def test_cached_results_follow_changes():
    queries = [
        {"type": "postDispatch", "sort_field": "modifiedDate"},
        {"type": "preDispatch", "sort_field": "orderDate", "sort_order": "desc"},
        {"type": "postDispatch", "states": ["DELIVERED"]},
    ]

    assert _moved_market(queries, warm=True) == _moved_market(queries, warm=False)
