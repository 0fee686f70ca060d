"""The simulated world: determinism, seller credentials, id shapes and realism of the history."""

import json
import re
import statistics
import time
from datetime import datetime

import pytest

from ingestion.sandbox.simulation import Marketplace, SellerAccount, SimConfig
from ingestion.sandbox.simulation.accounts import gstin_check_character
from ingestion.sandbox.simulation.config import IST

SMALL = SimConfig(seed=11, sellers=2, history_days=21, orders_per_day=30, speed=0)

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
ORDER_ID = re.compile(r"^OD\d{18}$")
ORDER_ITEM_ID = re.compile(r"^\d{15,18}$")
LOCATION_ID = re.compile(r"^LOC[0-9a-f]{32}$")
SELLER_ID = re.compile(r"^[0-9a-f]{16}$")
FSN = re.compile(r"^[0-9A-Z]{16}$")
RETURN_ID = re.compile(r"^\d{20}$")


@pytest.fixture(scope="module")
def market() -> Marketplace:
    return Marketplace(SMALL)


@pytest.fixture(scope="module")
def truth(market) -> dict:
    return market.truth()


def test_truth_same_for_same_seed(truth):
    again = Marketplace(SMALL).truth()

    assert json.dumps(again, sort_keys=True) == json.dumps(truth, sort_keys=True)


def test_truth_differs_for_other_seed(truth):
    other = Marketplace(SimConfig(seed=12, sellers=2, history_days=21, orders_per_day=30, speed=0))

    assert json.dumps(other.truth(), sort_keys=True) != json.dumps(truth, sort_keys=True)


def test_credentials_stable_per_seed(market):
    rebuilt = Marketplace(SimConfig(seed=11, sellers=2, history_days=1, orders_per_day=1, speed=0))

    for first, second in zip(market.sellers, rebuilt.sellers, strict=True):
        assert (first.seller_id, first.app_id, first.app_secret) == (
            second.seller_id,
            second.app_id,
            second.app_secret,
        )


def test_credentials_differ_between_sellers(market):
    first, second = market.sellers

    assert first.seller_id != second.seller_id
    assert first.app_id != second.app_id
    assert first.app_secret != second.app_secret


def test_seller_by_app_id(market):
    seller = market.sellers[1]

    assert market.seller_by_app_id(seller.app_id) is seller
    assert market.seller_by_app_id("unknown-app") is None


def test_seller_account_shape(market):
    for seller in market.sellers:
        assert isinstance(seller, SellerAccount)
        assert SELLER_ID.match(seller.seller_id)
        assert 1 <= len(seller.location_ids) <= 2
        assert all(LOCATION_ID.match(location_id) for location_id in seller.location_ids)
        assert seller.gstin[:2] == seller.state_code
        assert len(seller.gstin) == 15
        assert seller.gstin[-1] == gstin_check_character(seller.gstin[:14])
        assert seller.address["stateCode"] == seller.state_code


def test_gstin_check_character_known_value():
    # 27AAPFU0939F1ZV is the GSTIN example the GST portal documents.
    assert gstin_check_character("27AAPFU0939F1Z") == "V"


def test_shipment_id_shapes(market):
    seller = market.sellers[0]
    ids = market.find_shipments(seller.seller_id, type="postDispatch")
    shipment = market.shipment(seller.seller_id, ids[0])
    item = shipment["orderItems"][0]

    assert UUID.match(shipment["shipmentId"])
    assert ORDER_ID.match(item["orderId"])
    assert ORDER_ITEM_ID.match(item["orderItemId"])
    assert item["cancellationGroupId"] == "grp" + item["orderItemId"]
    assert LOCATION_ID.match(shipment["locationId"])
    assert FSN.match(item["fsn"])
    assert item["listingId"].startswith("LST" + item["fsn"])
    assert item["packageIds"][0] == "PKG" + item["listingId"][3:]


def test_timestamps_carry_millis_and_ist(market):
    seller = market.sellers[0]
    shipment = market.shipment(
        seller.seller_id, market.find_shipments(seller.seller_id, type="postDispatch")[0]
    )

    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+05:30$", shipment["updatedAt"])


def test_return_id_shape(market):
    seller = market.sellers[0]
    return_ids = market.find_returns(seller.seller_id)

    assert return_ids
    assert all(RETURN_ID.match(return_id) for return_id in return_ids)


def test_catalogue_size_and_categories(truth):
    for seller in truth["sellers"].values():
        categories = {sku["category"] for sku in seller["skus"].values()}

        assert 40 <= len(seller["skus"]) <= 150
        assert len(categories) >= 4


def test_elasticities_in_range(truth):
    for seller in truth["sellers"].values():
        for sku in seller["skus"].values():
            assert -3.0 <= sku["elasticity"] <= -1.5


def test_sellers_differ_in_volume(truth):
    first, second = truth["sellers"].values()

    assert first["counts"]["shipments"] > 1.4 * second["counts"]["shipments"]


def test_cod_share_near_half(truth):
    items = next(iter(truth["sellers"].values()))["orderItems"].values()
    cod = sum(item["paymentType"] == "COD" for item in items)

    assert 0.45 <= cod / len(items) <= 0.65


def test_no_oversold_orders(truth):
    for seller in truth["sellers"].values():
        assert seller["counts"]["oversold_orders"] == 0


@pytest.fixture(scope="module")
def big_truth() -> dict:
    config = SimConfig(seed=5, sellers=1, history_days=90, orders_per_day=120, speed=0)
    return Marketplace(config).truth()


def _dispatched(items):
    return [item for item in items if item["outcome"] in ("delivered", "rto", "customer_return")]


def test_cod_rto_well_above_prepaid(big_truth):
    items = _dispatched(next(iter(big_truth["sellers"].values()))["orderItems"].values())
    rates = {}
    for payment in ("COD", "PREPAID"):
        chosen = [item for item in items if item["paymentType"] == payment]
        rates[payment] = sum(item["outcome"] == "rto" for item in chosen) / len(chosen)

    assert 0.15 <= rates["COD"] <= 0.35
    assert rates["PREPAID"] <= 0.04
    assert rates["COD"] > 5 * rates["PREPAID"]


def test_true_rto_probability_matches_outcomes(big_truth):
    items = _dispatched(next(iter(big_truth["sellers"].values()))["orderItems"].values())
    expected = statistics.fmean(item["rtoProbability"] for item in items)
    observed = sum(item["outcome"] == "rto" for item in items) / len(items)

    assert abs(expected - observed) < 0.02


def test_weekend_peak(big_truth):
    per_day: dict = {}
    for item in next(iter(big_truth["sellers"].values()))["orderItems"].values():
        day = datetime.fromisoformat(item["orderDate"]).astimezone(IST).date()
        per_day[day] = per_day.get(day, 0) + 1
    days = sorted(per_day)[1:-1]  # the first and last days are partial
    weekend = statistics.fmean(per_day[day] for day in days if day.weekday() >= 5)
    weekday = statistics.fmean(per_day[day] for day in days if day.weekday() < 5)

    assert weekend > 1.1 * weekday


def test_cheaper_price_sells_more(big_truth):
    """Orders per day at a SKU's lower historical prices exceed those at its higher prices."""
    seller = next(iter(big_truth["sellers"].values()))
    units: dict = {}
    for item in seller["orderItems"].values():
        units.setdefault(item["sku"], []).append(item)
    wins = 0
    compared = 0
    for sku, info in seller["skus"].items():
        low = [item for item in units.get(sku, []) if item["price"] < info["basePrice"]]
        high = [item for item in units.get(sku, []) if item["price"] > info["basePrice"]]
        if len(low) + len(high) < 40:
            continue
        low_days = {item["orderDate"][:10] for item in low}
        high_days = {item["orderDate"][:10] for item in high}
        if len(low_days) < 5 or len(high_days) < 5:
            continue
        compared += 1
        wins += len(low) / len(low_days) > len(high) / len(high_days)

    assert compared >= 5
    assert wins / compared >= 0.7


@pytest.mark.slow
def test_large_build_time(capsys):
    began = time.perf_counter()
    market = Marketplace(SimConfig(sellers=1, history_days=120, orders_per_day=200, speed=0))
    elapsed = time.perf_counter() - began
    count = len(market.find_shipments(market.sellers[0].seller_id, type="postDispatch"))
    with capsys.disabled():
        print(f"\nMarketplace build: {count} post-dispatch shipments, {elapsed:.2f} s")

    assert count >= 20000
