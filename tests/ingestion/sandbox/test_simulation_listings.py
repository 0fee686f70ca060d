"""Listings: the listing object, inventory and price writes, and selling only listed stock."""

import pytest

from ingestion.sandbox.simulation import Marketplace, SimConfig


@pytest.fixture
def market() -> Marketplace:
    return Marketplace(SimConfig(seed=31, sellers=1, history_days=3, orders_per_day=60, speed=0))


def _inventory_body(market: Marketplace, sku: str, units: int) -> dict:
    seller = market.sellers[0]
    listing = market.listing(seller.seller_id, sku)
    return {
        "product_id": listing["product_id"],
        "locations": [
            {"id": location_id, "status": "ENABLED", "inventory": units}
            for location_id in seller.location_ids
        ],
    }


def _units_since(market: Marketplace, sku: str, since: str) -> int:
    """Units of sku ordered at or after the ISO instant since and not cancelled since."""
    seller_id = market.sellers[0].seller_id
    truth = market.truth(seller_id)["sellers"][seller_id]
    return sum(
        item["quantity"]
        for item in truth["orderItems"].values()
        if item["sku"] == sku and item["orderDate"] >= since and item["outcome"] != "cancelled"
    )


def test_listing_object_shape(market):
    seller = market.sellers[0]
    sku = market.listing_skus(seller.seller_id)[0]
    listing = market.listing(seller.seller_id, sku)

    assert listing["listing_id"].startswith("LST" + listing["product_id"])
    assert listing["price"]["selling_price"] <= listing["price"]["mrp"]
    assert listing["tax"]["hsn"]
    assert listing["listing_status"] in {"ACTIVE", "INACTIVE"}
    assert [entry["id"] for entry in listing["locations"]] == list(seller.location_ids)


def test_unknown_sku_listing_is_none(market):
    assert market.listing(market.sellers[0].seller_id, "NO-SUCH-SKU") is None


def test_listing_skus_status_filter(market):
    seller_id = market.sellers[0].seller_id
    active = market.listing_skus(seller_id, "ACTIVE")
    inactive = market.listing_skus(seller_id, "INACTIVE")

    assert sorted(active + inactive) == market.listing_skus(seller_id)


def test_listing_skus_rejects_bad_status(market):
    with pytest.raises(ValueError, match="invalid listing_status"):
        market.listing_skus(market.sellers[0].seller_id, "LIVE")


def test_update_inventory_sets_stock(market):
    seller_id = market.sellers[0].seller_id
    sku = market.listing_skus(seller_id)[0]

    outcome = market.update_inventory(seller_id, sku, _inventory_body(market, sku, 7))
    listing = market.listing(seller_id, sku)

    assert outcome == {"status": "SUCCESS", "errors": [], "attribute_errors": []}
    assert [entry["inventory"] for entry in listing["locations"]] == [7] * len(listing["locations"])


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"product_id": "WRONGFSN00000000"}, "product_id"),
        ({"locations": []}, "locations"),
        ({"locations": [{"id": "LOC" + "f" * 32, "inventory": 1}]}, "locations[0].id"),
        ({"inventory": -1}, "locations[0].inventory"),
        ({"inventory": 2.5}, "locations[0].inventory"),
        ({"status": "PAUSED"}, "locations[0].status"),
    ],
)
def test_update_inventory_rejects(market, change, path):
    seller_id = market.sellers[0].seller_id
    sku = market.listing_skus(seller_id)[0]
    body = _inventory_body(market, sku, 5)
    for key in ("inventory", "status"):
        if key in change:
            body["locations"][0][key] = change.pop(key)
    body.update(change)
    before = market.listing(seller_id, sku)

    outcome = market.update_inventory(seller_id, sku, body)

    assert outcome["status"] == "FAILURE"
    assert outcome["errors"][0]["path"] == path
    assert market.listing(seller_id, sku) == before


def test_update_price_changes_listing(market):
    seller_id = market.sellers[0].seller_id
    sku = market.listing_skus(seller_id)[0]
    listing = market.listing(seller_id, sku)
    price = listing["price"]["selling_price"]
    body = {
        "product_id": listing["product_id"],
        "price": {"mrp": listing["price"]["mrp"], "selling_price": price - 10, "currency": "INR"},
    }

    outcome = market.update_price(seller_id, sku, body)

    assert outcome["status"] == "SUCCESS"
    assert market.listing(seller_id, sku)["price"]["selling_price"] == price - 10


def test_update_price_above_mrp_fails(market):
    seller_id = market.sellers[0].seller_id
    sku = market.listing_skus(seller_id)[0]
    listing = market.listing(seller_id, sku)
    body = {"product_id": listing["product_id"], "price": {"mrp": 100, "selling_price": 150}}

    outcome = market.update_price(seller_id, sku, body)

    assert outcome["status"] == "FAILURE"
    assert outcome["errors"][0]["path"] == "price.selling_price"


def test_big_price_jump_warns(market):
    seller_id = market.sellers[0].seller_id
    sku = market.listing_skus(seller_id)[0]
    listing = market.listing(seller_id, sku)
    body = {
        "product_id": listing["product_id"],
        "price": {"mrp": listing["price"]["mrp"], "selling_price": 9},
    }

    assert market.update_price(seller_id, sku, body)["status"] == "WARNING"


def test_zero_stock_stops_orders(market):
    seller_id = market.sellers[0].seller_id
    for sku in market.listing_skus(seller_id):
        market.update_inventory(seller_id, sku, _inventory_body(market, sku, 0))
    before = market.truth(seller_id)["sellers"][seller_id]["counts"]

    market.advance(2 * 86400)
    after = market.truth(seller_id)["sellers"][seller_id]["counts"]

    assert after["orderItems"] == before["orderItems"]
    assert after["lost_orders"] > before["lost_orders"]
    assert after["oversold_orders"] == 0


def test_orders_never_exceed_pushed_stock(market):
    seller_id = market.sellers[0].seller_id
    skus = market.listing_skus(seller_id, "ACTIVE")
    for sku in skus:
        market.update_inventory(seller_id, sku, _inventory_body(market, sku, 0))
    limited = skus[:5]
    for sku in limited:
        body = _inventory_body(market, sku, 0)
        body["locations"][0]["inventory"] = 2
        market.update_inventory(seller_id, sku, body)

    since = market.truth(seller_id)["now"]

    market.advance(14 * 86400)

    sold = {sku: _units_since(market, sku, since) for sku in skus}
    for sku in limited:
        assert sold[sku] <= 2
        assert market.listing(seller_id, sku)["locations"][0]["inventory"] == 2 - sold[sku]
    assert sum(sold[sku] for sku in limited) > 0
    assert sum(sold[sku] for sku in skus[5:]) == 0
