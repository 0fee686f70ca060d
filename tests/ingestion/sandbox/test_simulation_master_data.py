"""Master data the warehouse needs from the sandbox: seller tier and locations, SKU facts."""

from decimal import Decimal

import pytest
from starlette.testclient import TestClient

from ingestion.sandbox.server import create_app
from ingestion.sandbox.simulation import Marketplace, SimConfig
from ingestion.sandbox.simulation.geography import CITY_BY_NAME
from ingestion.sandbox.simulation.truth import cost_price


def small_world(seed: int) -> Marketplace:
    return Marketplace(SimConfig(seed=seed, sellers=2, history_days=2, orders_per_day=5, speed=0))


@pytest.fixture(scope="module")
def marketplace() -> Marketplace:
    return small_world(4)


@pytest.fixture(scope="module")
def sku_truth(marketplace) -> dict:
    return next(iter(marketplace.truth()["sellers"].values()))["skus"]


def test_credentials_tier(marketplace):
    rows = TestClient(create_app(marketplace)).get("/_sandbox/credentials").json()

    assert [row["tier"] for row in rows] == [seller.tier for seller in marketplace.sellers]


def test_credentials_locations(marketplace):
    rows = TestClient(create_app(marketplace)).get("/_sandbox/credentials").json()

    for row, seller in zip(rows, marketplace.sellers, strict=True):
        assert [place["locationId"] for place in row["locations"]] == list(seller.location_ids)
        for place, city_name in zip(row["locations"], seller.location_cities, strict=True):
            city = CITY_BY_NAME[city_name]
            assert place["city"] == city.name
            assert place["pincode"] == city.pincode
            assert place["stateCode"] == city.state_code


def test_truth_sku_facts_match_listings(marketplace, sku_truth):
    seller_id = marketplace.sellers[0].seller_id

    assert set(sku_truth) == set(marketplace.listing_skus(seller_id))
    for sku, facts in sku_truth.items():
        listing = marketplace.listing(seller_id, sku)
        package = listing["packages"][0]
        dimensions = package["dimensions"]
        assert facts["hsn"] == listing["tax"]["hsn"], sku
        assert facts["title"] == listing["product_title"], sku
        assert facts["weightG"] == round(package["weight"] * 1000), sku
        sizes = [dimensions["length"], dimensions["breadth"], dimensions["height"]]
        assert facts["sizeCm"] == sizes, sku


def test_truth_cost_price_share(sku_truth):
    for sku, facts in sku_truth.items():
        cost = Decimal(facts["costPrice"])
        base = Decimal(str(facts["basePrice"]))
        assert facts["costPrice"].endswith(".00"), sku
        # Rounding to a rupee moves the cost by at most 50 paise.
        assert base * Decimal("0.40") - Decimal("0.5") <= cost, sku
        assert cost <= base * Decimal("0.65") + Decimal("0.5"), sku


def test_cost_price_depends_on_seed_and_sku():
    first = cost_price(4, "TSH-BLK-M", 999)

    assert first == cost_price(4, "TSH-BLK-M", 999)
    others = {cost_price(seed, sku, 999) for seed in (5, 6) for sku in ("TSH-BLK-M", "TSH-BLK-L")}
    assert others - {first}


@pytest.mark.parametrize("base_price", [9, 199, 4999, 99999])
def test_cost_price_in_share_range(base_price):
    costs = [cost_price(4, f"SKU-{number}", base_price) for number in range(200)]

    assert min(costs) >= (Decimal(base_price) * Decimal("0.40")).quantize(Decimal(1)) - 1
    assert max(costs) <= (Decimal(base_price) * Decimal("0.65")).quantize(Decimal(1)) + 1
    assert all(str(cost).endswith(".00") for cost in costs)


def test_truth_cost_price_repeatable(sku_truth):
    again = next(iter(small_world(4).truth()["sellers"].values()))["skus"]

    assert {sku: facts["costPrice"] for sku, facts in again.items()} == {
        sku: facts["costPrice"] for sku, facts in sku_truth.items()
    }
