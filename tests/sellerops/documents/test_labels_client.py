"""Labels through the Flipkart client against the sandbox: batches, %PDF checks, rejections."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from ingestion.client import (
    FlipkartClient,
    InvoiceDetails,
    PackRequest,
    Shipment,
    ShipmentFilter,
    TaxItem,
)
from ingestion.sandbox.server.runner import SandboxServer
from sellerops.documents.labels import (
    LabelError,
    download_labels,
    generate_labels,
    merge_pdfs,
    require_pdf,
)

IST = ZoneInfo("Asia/Kolkata")
PACK_ROUTE = "POST /sellers/v3/shipments/labels"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    # A frozen clock, instant packing and no form failures: only these tests change states.
    with SandboxServer(
        seed=3,
        sellers=1,
        orders_per_day=100,
        history_days=3,
        speed=0,
        pack_delay_seconds=0,
        form_failure_rate=0,
    ) as server:
        yield server


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[FlipkartClient]:
    seller = sandbox.credentials()[0]
    with FlipkartClient(
        "local", seller["app_id"], seller["app_secret"], base_url=sandbox.base_url
    ) as flipkart:
        yield flipkart


def pack_request(shipment: Shipment, today) -> PackRequest:
    """Build the label request of an APPROVED shipment at an 18% GST rate."""
    return PackRequest(
        shipment_id=shipment.shipment_id,
        location_id=shipment.location_id,
        tax_items=[
            TaxItem(order_item_id=item.order_item_id, tax_rate=Decimal(18), quantity=item.quantity)
            for item in shipment.order_items
        ],
        invoices=[InvoiceDetails(order_id=shipment.order_items[0].order_id, invoice_date=today)],
    )


def approved(sandbox: SandboxServer, client: FlipkartClient, count: int) -> list[PackRequest]:
    """Return label requests for `count` APPROVED shipments that may be packed now."""
    now = datetime.fromisoformat(sandbox.clock()["now"])
    criteria = ShipmentFilter(type="preDispatch", states=("APPROVED",))
    ready = [
        shipment
        for shipment in client.shipments.filter(criteria)
        if not shipment.hold
        and (shipment.dispatch_after_date is None or shipment.dispatch_after_date <= now)
    ]
    assert len(ready) >= count, f"the sandbox has {len(ready)} APPROVED shipments, not {count}"
    return [pack_request(shipment, now.astimezone(IST).date()) for shipment in ready[:count]]


def packed_ids(client: FlipkartClient) -> list[str]:
    criteria = ShipmentFilter(type="preDispatch", states=("PACKED",))
    return [shipment.shipment_id for shipment in client.shipments.filter(criteria)]


def requests_to(sandbox: SandboxServer, route: str) -> int:
    return sum(sandbox.stats()["requests"].get(route, {}).values())


def label_route(sandbox: SandboxServer) -> str:
    routes = [route for route in sandbox.stats()["requests"] if route.endswith("/labels")]
    return next(route for route in routes if route.startswith("GET "))


def page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def test_generate_in_batches_of_25(sandbox, client):
    requests = approved(sandbox, client, 30)
    sandbox.stats(reset=True)

    result = generate_labels(client, requests)

    assert [item.id for item in result.succeeded] == [request.shipment_id for request in requests]
    assert requests_to(sandbox, PACK_ROUTE) == 2
    assert {request.shipment_id for request in requests} <= set(packed_ids(client))


def test_download_in_batches_of_100(sandbox, client):
    generate_labels(client, approved(sandbox, client, 110))
    shipment_ids = packed_ids(client)
    sandbox.stats(reset=True)

    documents = download_labels(client, shipment_ids)

    assert len(shipment_ids) > 100
    assert len(documents) == math.ceil(len(shipment_ids) / 100)
    assert requests_to(sandbox, label_route(sandbox)) == len(documents)
    assert all(body.startswith(b"%PDF") for body in documents)
    assert sum(page_count(body) for body in documents) == len(shipment_ids)


def test_rejected_shipment_named(sandbox, client):
    fresh = approved(sandbox, client, 1)
    generate_labels(client, fresh)

    with pytest.raises(LabelError) as caught:
        generate_labels(client, [*approved(sandbox, client, 1), *fresh])

    message = str(caught.value)
    assert f"{fresh[0].shipment_id} (INVALID_ITEM_STATE)" in message
    assert message.startswith("Flipkart did not generate labels for 1 of 2 shipments")


def test_download_of_unpacked_named(sandbox, client):
    unpacked = approved(sandbox, client, 1)[0].shipment_id
    packed = packed_ids(client)[0]

    with pytest.raises(LabelError) as caught:
        download_labels(client, [packed, unpacked])

    assert str(caught.value).startswith(
        f"Flipkart has no label for 1 of 2 shipments: {unpacked} (ORDER_ITEM_NOT_PACKED)."
    )


def test_require_pdf_hides_body():
    with pytest.raises(LabelError) as caught:
        require_pdf(b"Ship to: Asha Verma, 12 MG Road", "label batch 1 of 1")

    assert "Asha" not in str(caught.value)
    assert str(caught.value).startswith("The label batch 1 of 1 is 31 bytes that do not start")


def test_merge_keeps_every_page(sandbox, client):
    shipment_ids = packed_ids(client)[:3]
    parts = [download_labels(client, [shipment_id])[0] for shipment_id in shipment_ids]

    merged = merge_pdfs(parts)

    assert merged.startswith(b"%PDF")
    assert page_count(merged) == sum(page_count(part) for part in parts) == 3
