"""Seller actions on the simulator: pack, dispatch, cancel, invoices, hold and self-serve calls."""

import time

import pytest

from ingestion.sandbox.simulation import Marketplace, SimConfig

PACK_DELAY = 0.2  # real seconds from a labels request to PACKED


def _market(**overrides) -> Marketplace:
    settings = {
        "seed": 21,
        "sellers": 2,
        "history_days": 6,
        "orders_per_day": 25,
        "speed": 0,
        "pack_delay_seconds": PACK_DELAY,
    }
    settings.update(overrides)
    return Marketplace(SimConfig(**settings))


@pytest.fixture
def market() -> Marketplace:
    return _market()


def _approved(market: Marketplace, seller_index: int = 0) -> dict:
    seller_id = market.sellers[seller_index].seller_id
    for shipment_id in market.find_shipments(seller_id, type="preDispatch", states=["APPROVED"]):
        shipment = market.shipment(seller_id, shipment_id)
        if not shipment["hold"]:
            return shipment
    raise AssertionError("the seller has no APPROVED shipment")


def _labels_request(shipment: dict, rate: float = 5) -> dict:
    return {
        "shipmentId": shipment["shipmentId"],
        "locationId": shipment["locationId"],
        "taxItems": [
            {"orderItemId": item["orderItemId"], "taxRate": rate, "quantity": item["quantity"]}
            for item in shipment["orderItems"]
        ],
    }


def _status(market: Marketplace, shipment_id: str, seller_index: int = 0) -> str:
    shipment = market.shipment(market.sellers[seller_index].seller_id, shipment_id)
    return shipment["orderItems"][0]["status"]


def _pack_and_wait(market: Marketplace, shipment: dict) -> None:
    seller_id = market.sellers[0].seller_id
    assert market.pack(seller_id, _labels_request(shipment))["status"] == "SUCCESS"
    time.sleep(PACK_DELAY + 0.05)


def test_pack_goes_through_packing_to_packed(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)

    outcome = market.pack(seller_id, _labels_request(shipment))
    during = _status(market, shipment["shipmentId"])
    time.sleep(PACK_DELAY + 0.05)

    assert outcome == {
        "shipmentId": shipment["shipmentId"],
        "status": "SUCCESS",
        "errorCode": None,
        "errorMessage": None,
    }
    assert during == "PACKING_IN_PROGRESS"
    assert _status(market, shipment["shipmentId"]) == "PACKED"


def test_pack_updates_updated_at(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)

    market.pack(seller_id, _labels_request(shipment))

    assert market.shipment(seller_id, shipment["shipmentId"])["updatedAt"] > shipment["updatedAt"]


def test_pack_twice_fails(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)
    market.pack(seller_id, _labels_request(shipment))

    outcome = market.pack(seller_id, _labels_request(shipment))

    assert outcome["status"] == "FAILURE"
    assert outcome["errorCode"] == "ORDER_ITEM_PACKING_IN_PROGRESS"


def test_pack_needs_tax_items(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)
    request = _labels_request(shipment)
    request["taxItems"] = []

    assert market.pack(seller_id, request)["errorCode"] == "INVALID_REQUEST_TAX"


def test_pack_rejects_bad_invoice_date(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)
    request = _labels_request(shipment)
    order_id = shipment["orderItems"][0]["orderId"]
    request["invoices"] = [{"orderId": order_id, "invoiceDate": "31-01-2026"}]

    assert market.pack(seller_id, request)["errorCode"] == "INVALID_REQUEST_DATE_FORMAT"


def test_pack_unknown_shipment(market):
    outcome = market.pack(market.sellers[0].seller_id, {"shipmentId": "no-such-id"})

    assert outcome["errorCode"] == "INVALID_SHIPMENTS"


def test_pack_other_sellers_shipment(market):
    other = _approved(market, seller_index=1)

    outcome = market.pack(market.sellers[0].seller_id, _labels_request(other))

    assert outcome["errorCode"] == "OPERATION_NOT_ALLOWED"


def test_pack_wrong_location(market):
    shipment = _approved(market)
    request = _labels_request(shipment)
    request["locationId"] = "LOC" + "0" * 32

    assert market.pack(market.sellers[0].seller_id, request)["errorCode"] == "INVALID_LOCATION_ID"


def test_form_failure_rate_one_fails_every_packing():
    market = _market(form_failure_rate=1.0)
    shipment = _approved(market)

    _pack_and_wait(market, shipment)

    assert _status(market, shipment["shipmentId"]) == "FORM_FAILED"


def test_dispatch_only_from_packed(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)

    early = market.dispatch(seller_id, shipment["shipmentId"], shipment["locationId"])
    _pack_and_wait(market, shipment)
    ready = market.dispatch(seller_id, shipment["shipmentId"], shipment["locationId"])
    again = market.dispatch(seller_id, shipment["shipmentId"], shipment["locationId"])

    assert early["errorCode"] == "ORDER_ITEM_NOT_PACKED"
    assert ready["status"] == "SUCCESS"
    assert _status(market, shipment["shipmentId"]) == "READY_TO_DISPATCH"
    assert again["errorCode"] == "ORDER_ITEM_ALREADY_DISPATCHED"


def test_dispatched_shipment_is_picked_up_later(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)
    _pack_and_wait(market, shipment)
    market.dispatch(seller_id, shipment["shipmentId"], shipment["locationId"])

    market.advance(3 * 86400)

    assert _status(market, shipment["shipmentId"]) in {"SHIPPED", "DELIVERED", "RETURN_REQUESTED"}


def test_handover_counts_ready_shipments(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)
    location_id = shipment["locationId"]
    before = sum(entry["count"] for entry in market.handover_counts(seller_id, location_id))
    _pack_and_wait(market, shipment)
    market.dispatch(seller_id, shipment["shipmentId"], location_id)

    counts = market.handover_counts(seller_id, location_id)

    assert sum(entry["count"] for entry in counts) == before + 1
    assert set(counts[0]) == {"vendorGroupCode", "count", "pickUpDate", "otc", "isMps"}


def test_cancel_before_packed(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)

    outcome = market.cancel(
        seller_id, {"shipmentId": shipment["shipmentId"], "reason": "not_enough_inventory"}
    )
    item = market.shipment(seller_id, shipment["shipmentId"])["orderItems"][0]
    cancelled = market.find_shipments(
        seller_id, type="cancelled", cancellation_type="sellerCancellation"
    )

    assert outcome["status"] == "SUCCESS"
    assert item["status"] == "CANCELLED"
    assert item["cancellationSubReason"] == "not_enough_inventory"
    assert shipment["shipmentId"] in cancelled


def test_cancel_needs_valid_reason(market):
    shipment = _approved(market)

    outcome = market.cancel(
        market.sellers[0].seller_id,
        {"shipmentId": shipment["shipmentId"], "reason": "changed_mind"},
    )

    assert outcome["errorCode"] == "EMPTY_OR_INVALID_REASON_FOR_CANCELLATION"


def test_cancel_after_packed_fails(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)
    _pack_and_wait(market, shipment)

    outcome = market.cancel(
        seller_id, {"shipmentId": shipment["shipmentId"], "reason": "cannot_procure_item"}
    )

    assert outcome["errorCode"] == "INVALID_ITEM_STATE"


def test_document_available_follows_packing(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)
    shipment_id = shipment["shipmentId"]

    before = market.document_available(seller_id, shipment_id)
    market.pack(seller_id, _labels_request(shipment))
    during = market.document_available(seller_id, shipment_id)
    time.sleep(PACK_DELAY + 0.05)

    assert before == "ORDER_ITEM_NOT_PACKED"
    assert during == "ORDER_ITEM_PACKING_IN_PROGRESS"
    assert market.document_available(seller_id, shipment_id) is None
    assert market.document_available(seller_id, "missing") == "INVALID_SHIPMENTS"


def test_invoice_only_once_packed(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)

    assert market.invoice(seller_id, shipment["shipmentId"]) is None
    _pack_and_wait(market, shipment)
    invoice = market.invoice(seller_id, shipment["shipmentId"])
    assert invoice["shipmentId"] == shipment["shipmentId"]
    assert len(invoice["invoiceNumber"]) <= 16


def test_invoice_uses_seller_invoice_number(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)
    request = _labels_request(shipment)
    order_id = shipment["orderItems"][0]["orderId"]
    today = market.now().date().isoformat()
    request["invoices"] = [
        {"orderId": order_id, "invoiceNumber": "INV-26/0001", "invoiceDate": today}
    ]
    market.pack(seller_id, request)
    time.sleep(PACK_DELAY + 0.05)

    invoice = market.invoice(seller_id, shipment["shipmentId"])

    assert invoice["invoiceNumber"] == "INV-26/0001"
    assert invoice["invoiceDate"] == today


def _tax_details_by_state(market: Marketplace) -> dict[bool, list[dict]]:
    seller = market.sellers[0]
    found: dict[bool, list[dict]] = {True: [], False: []}
    for shipment_id in market.find_shipments(seller.seller_id, type="postDispatch"):
        details = market.shipment_details(seller.seller_id, shipment_id)
        intra = details["deliveryAddress"]["stateCode"] == seller.state_code
        for item in market.invoice(seller.seller_id, shipment_id)["orderItems"]:
            found[intra].append(item)
    return found


def test_invoice_gst_split_by_state():
    market = _market(history_days=30)
    found = _tax_details_by_state(market)

    assert found[True]
    assert found[False]
    for item in found[True]:
        assert item["taxDetails"]["cgstRate"] == item["taxRate"] / 2
        assert item["taxDetails"]["sgstRate"] == item["taxRate"] / 2
        assert item["taxDetails"]["igstRate"] == 0
    for item in found[False]:
        assert item["taxDetails"]["igstRate"] == item["taxRate"]
        assert item["taxDetails"]["cgstRate"] == 0


def test_hold_blocks_actions(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)
    item_id = shipment["orderItems"][0]["orderItemId"]

    market.set_hold(seller_id, item_id, True)
    on_hold = market.pack(seller_id, _labels_request(shipment))
    market.set_hold(seller_id, item_id, False)
    released = market.pack(seller_id, _labels_request(shipment))

    assert on_hold["errorCode"] == "SHIPMENT_ON_HOLD"
    assert released["status"] == "SUCCESS"


def test_hold_twice_raises(market):
    seller_id = market.sellers[0].seller_id
    item_id = _approved(market)["orderItems"][0]["orderItemId"]
    market.set_hold(seller_id, item_id, True)

    with pytest.raises(ValueError, match="already on hold"):
        market.set_hold(seller_id, item_id, True)


def test_self_serve_walks_an_order_to_a_return(market):
    seller = market.sellers[0]
    sku = market.listing_skus(seller.seller_id, "ACTIVE")[0]
    listing = market.listing(seller.seller_id, sku)
    location_id = seller.location_ids[0]
    created = market.create_test_order(
        seller.seller_id,
        {
            "shipmentType": "NORMAL",
            "locationId": location_id,
            "orderItems": [{"listingId": listing["listing_id"], "quantity": 1}],
        },
    )
    item_id = created["orderItems"][0]["orderItemId"]
    shipment = market.shipments_by(seller.seller_id, order_item_ids=[item_id])[0]

    _pack_and_wait(market, shipment)
    market.dispatch(seller.seller_id, shipment["shipmentId"], location_id)
    for event in ("pick_up_complete", "shipped", "delivered"):
        market.advance_item(seller.seller_id, item_id, event)
    market.create_return(seller.seller_id, item_id, "customer")
    returns = market.find_returns(seller.seller_id, source="customer_return")
    record = market.return_item(seller.seller_id, returns[-1])
    market.return_event(seller.seller_id, item_id, "return_completed")

    assert created["orderId"].startswith("OD")
    assert record["orderItemId"] == item_id
    assert record["status"] == "created"
    assert market.return_item(seller.seller_id, returns[-1])["status"] == "completed"
    assert _status(market, shipment["shipmentId"]) == "RETURNED"


def test_advance_item_needs_right_state(market):
    seller_id = market.sellers[0].seller_id
    item_id = _approved(market)["orderItems"][0]["orderItemId"]

    with pytest.raises(ValueError, match="needs READY_TO_DISPATCH"):
        market.advance_item(seller_id, item_id, "pick_up_complete")


def test_create_return_for_other_seller_raises(market):
    other_item = _approved(market, seller_index=1)["orderItems"][0]["orderItemId"]

    with pytest.raises(ValueError, match="another seller"):
        market.create_return(market.sellers[0].seller_id, other_item, "courier")


def test_undispatched_order_cancelled_after_grace(market):
    seller_id = market.sellers[0].seller_id
    shipment = _approved(market)

    market.advance(6 * 86400)
    item = market.shipment(seller_id, shipment["shipmentId"])["orderItems"][0]

    assert item["status"] == "CANCELLED"
    assert item["cancellationSubReason"] == "seller_sla_breach"


def test_test_order_waits_for_seller(market):
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

    market.advance(10 * 86400)
    shipment = market.shipments_by(seller.seller_id, order_item_ids=[item_id])[0]

    assert shipment["orderItems"][0]["status"] == "APPROVED"
