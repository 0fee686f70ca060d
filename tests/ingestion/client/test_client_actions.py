"""Shipment actions, documents and listing writes: batching, per-item results, PDF checks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest
from client_fakes import HOST, json_body, make_client, pdf_response
from pydantic import ValidationError

from ingestion.client import (
    BatchLimitError,
    CancelRequest,
    DocumentError,
    InventoryUpdate,
    InvoiceDetails,
    LocationStock,
    PackRequest,
    PriceUpdate,
    TaxItem,
)


def recorder(answer):
    seen: list[httpx.Request] = []

    def api(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    return api, seen


def pack(number: int) -> PackRequest:
    return PackRequest(
        shipment_id=f"s{number}",
        location_id="LOC1",
        tax_items=[TaxItem(order_item_id=f"{number}", tax_rate=Decimal("18"), quantity=1)],
        invoices=[InvoiceDetails(order_id=f"OD{number}", invoice_date=date(2024, 1, 31))],
    )


def test_pack_body_exact() -> None:
    api, seen = recorder(
        lambda request: httpx.Response(
            200, json={"shipments": [{"shipmentId": "s1", "status": "SUCCESS"}]}
        )
    )
    client, _ = make_client(api)

    client.shipments.generate_labels([pack(1)])

    assert json_body(seen[0]) == {
        "shipments": [
            {
                "shipmentId": "s1",
                "locationId": "LOC1",
                "taxItems": [{"orderItemId": "1", "taxRate": 18, "quantity": 1}],
                "invoices": [{"orderId": "OD1", "invoiceDate": "2024-01-31"}],
                "serialNumbers": [],
                "subShipments": [],
                "ignoreWarning": False,
            }
        ]
    }


def test_labels_split_by_25_with_failures() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        shipments = json_body(request)["shipments"]
        results = [
            {"shipmentId": item["shipmentId"], "status": "SUCCESS", "errorCode": None}
            for item in shipments
        ]
        results[0] = {
            "shipmentId": shipments[0]["shipmentId"],
            "status": "FAILURE",
            "errorCode": "INVALID_SHIPMENTS",
            "errorMessage": "not approved",
        }
        return httpx.Response(200, json={"shipments": results})

    api, seen = recorder(answer)
    client, _ = make_client(api)

    result = client.shipments.generate_labels([pack(number) for number in range(30)])

    assert [len(json_body(request)["shipments"]) for request in seen] == [25, 5]
    assert len(result.results) == 30
    assert [item.id for item in result.failed] == ["s0", "s25"]
    assert result.failed[0].error_code == "INVALID_SHIPMENTS"
    assert len(result.succeeded) == 28


def test_missing_result_reported() -> None:
    api, _ = recorder(lambda request: httpx.Response(200, json={"shipments": []}))
    client, _ = make_client(api)

    result = client.shipments.mark_ready_to_dispatch(["s1"], "LOC1")

    assert result.failed[0].id == "s1"
    assert result.failed[0].status == "NO_RESULT"


def test_processing_status_key_read() -> None:
    body = {"shipments": [{"shipmentId": "s1", "processingStatus": "FAILURE", "errorCode": "X"}]}
    api, _ = recorder(lambda request: httpx.Response(200, json=body))
    client, _ = make_client(api)

    result = client.shipments.mark_ready_to_dispatch(["s1"], "LOC1")

    assert result.failed[0].error_code == "X"


def test_dispatch_over_limit_sends_nothing() -> None:
    api, seen = recorder(lambda request: httpx.Response(200, json={}))
    client, issuer = make_client(api)

    with pytest.raises(BatchLimitError, match="at most 25"):
        client.shipments.mark_ready_to_dispatch([f"s{number}" for number in range(26)], "LOC1")
    assert seen == []
    assert issuer.calls == []


def test_dispatch_body_exact() -> None:
    api, seen = recorder(lambda request: httpx.Response(200, json={"shipments": []}))
    client, _ = make_client(api)

    client.shipments.mark_ready_to_dispatch(["s1", "s2"], "LOC1")

    assert str(seen[0].url) == f"{HOST}/sellers/v3/shipments/dispatch"
    assert json_body(seen[0]) == {"shipmentIds": ["s1", "s2"], "locationId": "LOC1"}


def test_cancel_reason_checked() -> None:
    with pytest.raises(ValidationError, match="not accepted by Flipkart"):
        CancelRequest(
            shipment_id="s1", location_id="L", cancellation_group_ids=["g"], reason="changed_mind"
        )


def test_get_ids_batched_without_spaces() -> None:
    api, seen = recorder(lambda request: httpx.Response(200, json={"shipments": []}))
    client, _ = make_client(api)

    client.shipments.get(order_item_ids=[str(number) for number in range(150)])

    assert len(seen) == 2
    assert seen[0].url.params["orderItemIds"] == ",".join(str(number) for number in range(100))
    assert " " not in str(seen[0].url)


def test_get_rejects_id_with_space() -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json={}))

    with pytest.raises(ValueError, match="contains a comma, whitespace"):
        client.shipments.get(shipment_ids=["a b"])


def test_labels_pdf_per_batch() -> None:
    api, seen = recorder(lambda request: pdf_response())
    client, _ = make_client(api)

    documents = client.shipments.download_labels([f"s{number}" for number in range(120)])

    assert len(documents) == 2
    assert all(document.startswith(b"%PDF") for document in documents)
    assert seen[0].headers["Accept"] == "application/pdf"
    assert (
        seen[1].url.path
        == "/sellers/v3/shipments/" + ",".join(f"s{n}" for n in range(100, 120)) + "/labels"
    )


def test_non_pdf_body_raises() -> None:
    body = {"shipments": [{"errorCode": "ORDER_ITEM_PACKING_IN_PROGRESS"}]}
    api, _ = recorder(lambda request: httpx.Response(200, json=body))
    client, _ = make_client(api)

    with pytest.raises(DocumentError, match="instead of a labels PDF"):
        client.shipments.download_labels(["s1"])


def test_label_only_batches_of_50() -> None:
    api, seen = recorder(lambda request: pdf_response())
    client, _ = make_client(api)

    client.shipments.download_label_only([f"s{number}" for number in range(51)])

    assert len(seen) == 2
    assert seen[0].method == "POST"
    assert dict(seen[0].url.params) == {"reprint": "false"}


def test_manifest_body() -> None:
    api, seen = recorder(lambda request: pdf_response())
    client, _ = make_client(api)
    start = datetime(2022, 8, 28, 9, 30, tzinfo=UTC)

    document = client.shipments.manifest("Ekart Logistics", start, start, "LOC1")

    assert document.startswith(b"%PDF")
    assert json_body(seen[0]) == {
        "params": {
            "vendorGroupCode": "Ekart Logistics",
            "pickupDate": {
                "from": "2022-08-28T09:30:00.000+00:00",
                "to": "2022-08-28T09:30:00.000+00:00",
            },
            "locationId": "LOC1",
            "is_mps": False,
        }
    }


def stock(count: int) -> InventoryUpdate:
    return InventoryUpdate(product_id="FSN1", locations=[LocationStock(id="LOC1", inventory=count)])


def test_eleven_skus_two_calls() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        body = json_body(request)
        results = {sku: {"status": "SUCCESS", "errors": [], "attribute_errors": []} for sku in body}
        if "SKU-3" in results:
            results["SKU-3"] = {
                "status": "FAILURE",
                "errors": [{"severity": "ERROR", "code": 4001, "description": "bad location"}],
                "attribute_errors": [],
            }
        return httpx.Response(200, json=results)

    api, seen = recorder(answer)
    client, _ = make_client(api)

    results = client.listings.update_inventory({f"SKU-{n}": stock(n) for n in range(11)})

    assert [len(json_body(request)) for request in seen] == [10, 1]
    assert json_body(seen[0])["SKU-0"] == {
        "product_id": "FSN1",
        "locations": [{"id": "LOC1", "inventory": 0, "status": "ENABLED"}],
    }
    assert [result.sku for result in results] == [f"SKU-{n}" for n in range(11)]
    assert [result.sku for result in results if not result.ok] == ["SKU-3"]
    assert results[3].errors[0].code == "4001"


def test_price_update_body() -> None:
    api, seen = recorder(lambda request: httpx.Response(200, json={"SKU-1": {"status": "SUCCESS"}}))
    client, _ = make_client(api)

    client.listings.update_price(
        {"SKU-1": PriceUpdate(product_id="FSN1", mrp=Decimal(999), selling_price=Decimal(899))}
    )

    assert str(seen[0].url) == f"{HOST}/sellers/listings/v3/update/price"
    assert json_body(seen[0]) == {
        "SKU-1": {
            "product_id": "FSN1",
            "price": {"mrp": 999, "selling_price": 899, "currency": "INR"},
        }
    }


def test_listings_get_batches_of_ten() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        skus = request.url.path.rsplit("/", 1)[1].split(",")
        available = {sku: {"listing_id": f"L-{sku}", "price": {"mrp": 10.5}} for sku in skus[:-1]}
        return httpx.Response(
            200, json={"available": available, "unavailable": [skus[-1]], "invalid": []}
        )

    api, seen = recorder(answer)
    client, _ = make_client(api)

    lookup = client.listings.get([f"S{n}" for n in range(12)])

    assert len(seen) == 2
    assert len(lookup.available) == 10
    assert lookup.unavailable == ["S9", "S11"]
    assert lookup.available["S0"].price.mrp == Decimal("10.5")
