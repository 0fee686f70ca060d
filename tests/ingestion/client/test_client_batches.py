"""Batched calls: results kept when a later batch fails, partial documents, id checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
import pytest
from client_fakes import json_body, make_client, pdf_response

from ingestion.client import (
    CancelRequest,
    DocumentError,
    InventoryUpdate,
    InvoiceDetails,
    LocationStock,
    PackRequest,
    PartialBatchError,
    PriceUpdate,
    ServerError,
    TaxItem,
)
from ingestion.client.batching import clean_ids
from ingestion.client.records.results import BulkResult


def pack(number: int) -> PackRequest:
    return PackRequest(
        shipment_id=f"s{number}",
        location_id="LOC1",
        tax_items=[TaxItem(order_item_id=f"{number}", tax_rate=Decimal("18"))],
        invoices=[InvoiceDetails(order_id=f"OD{number}", invoice_date=date(2026, 1, 31))],
    )


def failing_call(number: int, answer, status: int = 500):
    """Return a handler that calls `answer`, except that call `number` (1-based) gets HTTP
    `status`. Actions are not retried after a 500 but reads and listing writes are, so their
    tests pass 400.
    """
    calls: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == number:
            return httpx.Response(status, json={"errorMessage": "rejected batch"})
        return answer(request)

    return handle, calls


def label_results(request: httpx.Request) -> httpx.Response:
    sent = json_body(request)["shipments"]
    results = [{"shipmentId": item["shipmentId"], "status": "SUCCESS"} for item in sent]
    return httpx.Response(200, json={"shipments": results})


def test_labels_keep_first_batch_results() -> None:
    handle, calls = failing_call(2, label_results)
    client, _ = make_client(handle)

    with pytest.raises(PartialBatchError) as caught:
        client.shipments.generate_labels([pack(number) for number in range(60)])

    error = caught.value
    assert isinstance(error.completed, BulkResult)
    assert [result.id for result in error.completed.succeeded] == [f"s{n}" for n in range(25)]
    assert isinstance(error.error, ServerError)
    assert [request.shipment_id for request in error.failed_items] == [
        f"s{n}" for n in range(25, 50)
    ]
    assert len(error.unsent_items) == 10
    assert len(calls) == 2


def test_first_batch_failure_unchanged() -> None:
    handle, _ = failing_call(1, label_results)
    client, _ = make_client(handle)

    with pytest.raises(ServerError):
        client.shipments.generate_labels([pack(number) for number in range(30)])


def sku_results(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={sku: {"status": "SUCCESS"} for sku in json_body(request)})


def test_inventory_keeps_first_batch_results() -> None:
    handle, _ = failing_call(2, sku_results, status=400)
    client, _ = make_client(handle)
    stock = InventoryUpdate(product_id="FSN1", locations=[LocationStock(id="L1", inventory=3)])

    with pytest.raises(PartialBatchError) as caught:
        client.listings.update_inventory({f"SKU-{n}": stock for n in range(15)})

    assert [result.sku for result in caught.value.completed] == [f"SKU-{n}" for n in range(10)]
    assert caught.value.failed_items == [f"SKU-{n}" for n in range(10, 15)]


def test_price_keeps_first_batch_results() -> None:
    handle, _ = failing_call(2, sku_results, status=400)
    client, _ = make_client(handle)
    price = PriceUpdate(product_id="FSN1", mrp=Decimal(999), selling_price=Decimal(899))

    with pytest.raises(PartialBatchError) as caught:
        client.listings.update_price({f"SKU-{n}": price for n in range(12)})

    assert len(caught.value.completed) == 10


def test_details_keep_first_batch() -> None:
    def details(request: httpx.Request) -> httpx.Response:
        ids = request.url.path.split("/")[4].split(",")
        return httpx.Response(200, json={"shipments": [{"shipmentId": i} for i in ids]})

    handle, _ = failing_call(2, details, status=400)
    client, _ = make_client(handle)

    with pytest.raises(PartialBatchError) as caught:
        client.shipments.details([f"S{n}" for n in range(150)])

    assert len(caught.value.completed) == 100


def no_documents_for(missing: set[str]):
    """Label downloads that fail as a whole, naming each shipment without documents."""
    calls: list[list[str]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        ids = request.url.path.split("/")[4].split(",")
        calls.append(ids)
        failures = [
            {"shipmentId": i, "status": "FAILURE", "errorCode": "NOT_PACKED", "errorMessage": "x"}
            for i in ids
            if i in missing
        ]
        if failures:
            body = {"errors": [{"errorCode": "NOT_PACKED"}], "shipments": failures}
            return httpx.Response(400, json=body)
        return pdf_response()

    return handle, calls


def test_download_skips_shipment_without_documents() -> None:
    handle, calls = no_documents_for({"S2"})
    client, _ = make_client(handle)

    with pytest.raises(DocumentError) as caught:
        client.shipments.download_labels(["S1", "S2", "S3"])

    error = caught.value
    assert [result.id for result in error.item_errors] == ["S2"]
    assert error.item_errors[0].error_code == "NOT_PACKED"
    assert len(error.documents) == 1
    assert error.documents[0].startswith(b"%PDF")
    assert calls == [["S1", "S2", "S3"], ["S1", "S3"]]


def test_download_all_missing() -> None:
    handle, calls = no_documents_for({"S1"})
    client, _ = make_client(handle)

    with pytest.raises(DocumentError) as caught:
        client.shipments.download_invoices(["S1"])

    assert caught.value.documents == []
    assert len(calls) == 1


def test_document_error_hides_body() -> None:
    def text_label(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"Priya, MG Road 9, Bengaluru")

    client, _ = make_client(text_label)

    with pytest.raises(DocumentError) as caught:
        client.shipments.download_labels(["S1"])
    assert "Priya" not in str(caught.value)


@pytest.mark.parametrize("bad", ["a/b", "a?b", "a#b", "a%2Fb", "a\x00b", "a\x7fb"])
def test_clean_ids_rejects_path_characters(bad: str) -> None:
    with pytest.raises(ValueError, match="shipment id"):
        clean_ids(["S1", bad], "shipment id")


def test_clean_ids_rejects_none() -> None:
    with pytest.raises(ValueError, match="None"):
        clean_ids([None], "SKU")


def test_details_with_slash_sends_nothing() -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json={"shipments": []}))
    client.tokens.get()
    before = client.transport.request_count

    with pytest.raises(ValueError, match="'a/b'"):
        client.shipments.details([*(f"S{n}" for n in range(99)), "a/b"])
    assert client.transport.request_count == before


@pytest.mark.parametrize("sku", ["", None, "A,B", "A/B"])
def test_listing_get_checks_skus(sku) -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json={"available": {}}))

    with pytest.raises(ValueError, match="SKU"):
        client.listings.get([sku])


def test_listing_get_allows_inner_space() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"available": {}, "unavailable": [], "invalid": []})

    client, _ = make_client(handle)
    client.listings.get(["RED SHIRT"])

    assert seen[0].url.raw_path == b"/sellers/listings/v3/RED%20SHIRT"


def test_empty_cancel_sends_nothing() -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json={"shipments": []}))

    with pytest.raises(ValueError, match="at least one"):
        client.shipments.cancel([])


@pytest.mark.parametrize(("ids", "location"), [([], "LOC1"), (["S1"], ""), (["S1"], "  ")])
def test_dispatch_needs_ids_and_location(ids: list[str], location: str) -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json={"shipments": []}))

    with pytest.raises(ValueError, match="mark_ready_to_dispatch needs"):
        client.shipments.mark_ready_to_dispatch(ids, location)


def test_cancel_rejects_repeated_shipment() -> None:
    request = CancelRequest(
        shipment_id="S1", location_id="L1", cancellation_group_ids=["g"], reason="b2b_order"
    )
    client, _ = make_client(lambda request: httpx.Response(200, json={"shipments": []}))

    with pytest.raises(ValueError, match="'S1' twice"):
        client.shipments.cancel([request, request])


def test_partial_error_message_counts() -> None:
    handle, _ = failing_call(2, label_results)
    client, _ = make_client(handle)

    with pytest.raises(PartialBatchError) as caught:
        client.shipments.generate_labels([pack(number) for number in range(30)])
    assert "batch of 5 items failed" in str(caught.value)
