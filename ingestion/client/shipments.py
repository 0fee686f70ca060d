"""Order management v3: read shipments, download documents, pack, dispatch and cancel."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from ingestion.client.batching import (
    ACTION_SHIPMENTS_PER_CALL,
    DOCUMENT_IDS_PER_CALL,
    LABEL_ONLY_IDS_PER_CALL,
    SHIPMENT_IDS_PER_CALL,
    check_limit,
    chunks,
    clean_ids,
    path_list,
    run_batches,
)
from ingestion.client.documents import download_documents, require_pdf
from ingestion.client.errors import InvalidResponseError
from ingestion.client.paging import PageRequest, ShipmentFilterPages, iterate_pages
from ingestion.client.records.actions import CancelRequest, PackRequest
from ingestion.client.records.details import ShipmentDetails
from ingestion.client.records.filters import ShipmentFilter, format_timestamp
from ingestion.client.records.handover import HandoverCount
from ingestion.client.records.invoices import Invoice
from ingestion.client.records.pages import DetailsEnvelope, InvoicesEnvelope, ShipmentPage
from ingestion.client.records.results import BulkResult, ItemResult, item_results
from ingestion.client.records.shipments import Shipment
from ingestion.client.retry import RequestSafety
from ingestion.client.transport import (
    ORDERS_TIMEOUT,
    PDF_TYPE,
    ModelT,
    Transport,
    validate_payload,
)

_HANDOVER = TypeAdapter(list[HandoverCount])


class ShipmentsAPI:
    """Shipment endpoints under /v3/shipments; reached as `FlipkartClient.shipments`."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def filter(self, criteria: ShipmentFilter) -> Iterator[Shipment]:
        """Yield every shipment matching `criteria`, following `nextPageUrl` page by page."""
        for page in self.filter_pages(criteria):
            yield from page

    def filter_pages(self, criteria: ShipmentFilter) -> Iterator[list[Shipment]]:
        """Yield the validated shipments of each page of the filter."""
        strategy = ShipmentFilterPages(criteria.to_wire())
        for page in iterate_pages(strategy, self._send_page):
            yield strategy.items(page)

    def get(
        self,
        *,
        shipment_ids: Iterable[str] | None = None,
        order_item_ids: Iterable[str] | None = None,
        order_ids: Iterable[str] | None = None,
    ) -> list[Shipment]:
        """Fetch shipments by exactly one kind of id, 100 ids per request."""
        given = {
            "shipmentIds": shipment_ids,
            "orderItemIds": order_item_ids,
            "orderIds": order_ids,
        }
        chosen = [(name, ids) for name, ids in given.items() if ids is not None]
        if len(chosen) != 1:
            raise ValueError("Pass exactly one of shipment_ids, order_item_ids or order_ids.")
        name, raw_ids = chosen[0]

        def send(batch: list[str]) -> list[Shipment]:
            page = self._transport.request_model(
                "GET",
                "/v3/shipments",
                ShipmentPage,
                params={name: ",".join(batch)},
                timeout=ORDERS_TIMEOUT,
            )
            return page.shipments or []

        batches = list(chunks(clean_ids(raw_ids, name), SHIPMENT_IDS_PER_CALL))
        return run_batches("shipments.get", batches, send)

    def details(self, shipment_ids: Iterable[str]) -> list[ShipmentDetails]:
        """Fetch addresses and courier details, 100 shipments per request."""

        def send(batch: list[str]) -> list[ShipmentDetails]:
            envelope = self._transport.request_model(
                "GET", f"/v3/shipments/{path_list(batch)}", DetailsEnvelope
            )
            return envelope.shipments or []

        batches = list(chunks(clean_ids(shipment_ids, "shipment id"), SHIPMENT_IDS_PER_CALL))
        return run_batches("shipments.details", batches, send)

    def invoices(self, shipment_ids: Iterable[str]) -> list[Invoice]:
        """Fetch invoice JSON (numbers, amounts, GST rates), 100 shipments per request."""

        def send(batch: list[str]) -> list[Invoice]:
            envelope = self._transport.request_model(
                "GET", f"/v3/shipments/{path_list(batch)}/invoices", InvoicesEnvelope
            )
            return envelope.invoices or []

        batches = list(chunks(clean_ids(shipment_ids, "shipment id"), DOCUMENT_IDS_PER_CALL))
        return run_batches("shipments.invoices", batches, send)

    def download_labels(self, shipment_ids: Iterable[str]) -> list[bytes]:
        """Download label-and-invoice PDFs, one PDF per batch of 100 shipments.

        When some shipments have no document yet, the others are downloaded and DocumentError
        is raised with their PDFs in `documents` and the per-shipment errors in `item_errors`
        (the same holds for the other downloads).
        """
        return download_documents(
            self._transport, shipment_ids, DOCUMENT_IDS_PER_CALL, "GET", "labels"
        )

    def download_invoices(self, shipment_ids: Iterable[str]) -> list[bytes]:
        """Download invoice PDFs, one PDF per batch of 100 shipments."""
        return download_documents(
            self._transport, shipment_ids, DOCUMENT_IDS_PER_CALL, "GET", "invoices"
        )

    def download_label_only(
        self, shipment_ids: Iterable[str], *, reprint: bool = False
    ) -> list[bytes]:
        """Download label-only PDFs, one per batch of 50; `reprint=False` also marks them packed."""
        suffix = f"labelOnly/pdf?reprint={'true' if reprint else 'false'}"
        return download_documents(
            self._transport, shipment_ids, LABEL_ONLY_IDS_PER_CALL, "POST", suffix
        )

    def generate_labels(self, requests: Sequence[PackRequest]) -> BulkResult:
        """Start packing (label generation) for shipments, 25 per request; failures are per item.

        When a request after the first fails as a whole, PartialBatchError carries the
        BulkResult of the earlier requests, which the server has applied.
        """
        _require_unique([request.shipment_id for request in requests], "generate_labels")

        def send(batch: list[PackRequest]) -> list[ItemResult]:
            path = "/v3/shipments/labels"
            payload = self._transport.request_json(
                "POST",
                path,
                json_body={"shipments": [request.to_wire() for request in batch]},
                safety=RequestSafety.NON_IDEMPOTENT,
            )
            sent = [request.shipment_id for request in batch]
            return item_results(payload, "shipments", sent, f"POST {path}")

        batches = list(chunks(list(requests), ACTION_SHIPMENTS_PER_CALL))
        return BulkResult(results=run_batches("generate_labels", batches, send, _bulk_result))

    def mark_ready_to_dispatch(self, shipment_ids: Sequence[str], location_id: str) -> BulkResult:
        """Mark 1 to 25 packed shipments ready to dispatch; more raises BatchLimitError."""
        ids = clean_ids(shipment_ids, "shipment id")
        if not ids:
            raise ValueError("mark_ready_to_dispatch needs at least one shipment id.")
        if not location_id or not location_id.strip():
            raise ValueError("mark_ready_to_dispatch needs the location_id of the shipments.")
        check_limit("mark_ready_to_dispatch", ids, ACTION_SHIPMENTS_PER_CALL)

        path = "/v3/shipments/dispatch"
        payload = self._transport.request_json(
            "POST",
            path,
            json_body={"shipmentIds": ids, "locationId": location_id},
            safety=RequestSafety.NON_IDEMPOTENT,
        )
        return BulkResult(results=item_results(payload, "shipments", ids, f"POST {path}"))

    def cancel(self, requests: Sequence[CancelRequest]) -> BulkResult:
        """Cancel 1 to 25 shipments; more raises BatchLimitError (reasons are checked on input).

        Each shipment may appear once, with all its cancellation groups in one request.
        """
        if not requests:
            raise ValueError("cancel needs at least one CancelRequest.")
        check_limit("cancel", requests, ACTION_SHIPMENTS_PER_CALL)
        sent = [request.shipment_id for request in requests]
        _require_unique(sent, "cancel")

        path = "/v3/shipments/cancel"
        payload = self._transport.request_json(
            "POST",
            path,
            json_body={"shipments": [request.to_wire() for request in requests]},
            safety=RequestSafety.NON_IDEMPOTENT,
        )
        return BulkResult(results=item_results(payload, "shipments", sent, f"POST {path}"))

    def handover_counts(self, location_id: str) -> list[HandoverCount]:
        """Return ready-to-dispatch counts per courier for one location."""
        path = "/v3/shipments/handover/counts"
        payload = self._transport.request_json("GET", path, params={"locationId": location_id})
        if not isinstance(payload, list):
            payload = _list_under(payload, "counts")
        return validate_payload(payload, _HANDOVER, "GET", path)

    def manifest(
        self,
        vendor_group_code: str,
        pickup_from: datetime,
        pickup_to: datetime,
        location_id: str,
        is_mps: bool = False,
    ) -> bytes:
        """Download the manifest PDF for one courier's pickup slot."""
        body = {
            "params": {
                "vendorGroupCode": vendor_group_code,
                "pickupDate": {
                    "from": format_timestamp(pickup_from),
                    "to": format_timestamp(pickup_to),
                },
                "locationId": location_id,
                "is_mps": is_mps,
            }
        }
        response = self._transport.request(
            "POST", "/v3/shipments/manifest", json_body=body, accept=PDF_TYPE
        )
        return require_pdf(response, "manifest")

    def _send_page(self, request: PageRequest, model: type[ModelT]) -> ModelT:
        return self._transport.request_model(
            request.method,
            request.path,
            model,
            params=request.params,
            json_body=request.json_body,
            timeout=ORDERS_TIMEOUT,
        )


def _bulk_result(results: list[ItemResult]) -> BulkResult:
    return BulkResult(results=results)


def _require_unique(shipment_ids: list[str], operation: str) -> None:
    seen: set[str] = set()
    for shipment_id in shipment_ids:
        if shipment_id in seen:
            raise ValueError(
                f"{operation} got shipment {shipment_id!r} twice. Send each shipment once."
            )
        seen.add(shipment_id)


def _list_under(payload: Any, key: str) -> list[Any]:
    if isinstance(payload, dict) and isinstance(payload.get(key, []), list):
        return payload.get(key) or []
    raise InvalidResponseError(
        f"Expected a JSON object with a {key!r} list, got {type(payload).__name__}."
    )
