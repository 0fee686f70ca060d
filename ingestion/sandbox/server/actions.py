"""Seller actions: generate labels (pack), mark ready to dispatch, cancel, handover, manifest.

Bulk actions return 200 with one result per shipment, and only a malformed body or a batch outside
1-25 shipments is a request-level 400. Packing is asynchronous inside the marketplace.
"""

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .documents import manifest_pdf
from .parsing import check_batch, parse_range, string_list
from .responses import RequestError, json_response, pdf_response, read_json_object
from .state import sandbox_state, seller_id_of

MAX_ACTION_SHIPMENTS = 25
MANIFEST_PARAMS = frozenset({"vendorGroupCode", "pickupDate", "locationId", "is_mps"})


async def pack(request: Request) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    items = _shipment_items(await read_json_object(request))

    results = [state.marketplace.pack(seller_id, item) for item in items]
    return json_response({"shipments": results})


async def dispatch(request: Request) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    body = await read_json_object(request)

    shipment_ids = string_list(body.get("shipmentIds"), name="shipmentIds")
    check_batch(len(shipment_ids), name="shipmentIds", limit=MAX_ACTION_SHIPMENTS)
    location_id = body.get("locationId")
    if not isinstance(location_id, str) or not location_id:
        raise RequestError("locationId is required to mark shipments ready to dispatch.")

    results = [
        state.marketplace.dispatch(seller_id, shipment_id, location_id)
        for shipment_id in shipment_ids
    ]
    return json_response({"shipments": results})


async def cancel(request: Request) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    items = _shipment_items(await read_json_object(request))

    results = [state.marketplace.cancel(seller_id, item) for item in items]
    return json_response({"shipments": results})


async def handover_counts(request: Request) -> Response:
    state = sandbox_state(request)
    location_id = request.query_params.get("locationId")
    if not location_id:
        raise RequestError("locationId is required, e.g. ?locationId=LOC...")

    try:
        counts = state.marketplace.handover_counts(seller_id_of(request), location_id)
    except ValueError as exc:
        raise RequestError(f"Invalid locationId: {exc}. Pass a location of this seller.") from exc
    return json_response(counts)


async def manifest(request: Request) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    body = await read_json_object(request)

    params = body.get("params")
    if not isinstance(params, dict):
        raise RequestError('params is missing; send {"params": {"vendorGroupCode": ..., ...}}.')
    vendor_group_code = params.get("vendorGroupCode")
    if not isinstance(vendor_group_code, str) or not vendor_group_code:
        raise RequestError("params.vendorGroupCode is required (a courier from handover/counts).")
    location_id = params.get("locationId")
    if location_id is not None and not isinstance(location_id, str):
        raise RequestError(f"params.locationId must be a string, got {location_id!r}.")
    _check_manifest_params(params)

    # NOTE: shipments carry no courier before pickup, so the manifest lists every
    # ready-to-dispatch shipment of the location whatever vendorGroupCode is given.
    shipment_ids = state.marketplace.find_shipments(
        seller_id, type="preDispatch", states=["READY_TO_DISPATCH"], location_id=location_id
    )
    document = await run_in_threadpool(
        manifest_pdf, vendor_group_code, location_id or "all locations", shipment_ids
    )
    return pdf_response(document)


def _check_manifest_params(params: dict[str, Any]) -> None:
    unknown = set(params) - MANIFEST_PARAMS
    if unknown:
        raise RequestError(
            f"params has unknown fields {sorted(unknown)}; known: {sorted(MANIFEST_PARAMS)}."
        )

    # NOTE: the sandbox checks pickupDate but lists the same shipments whatever the window.
    pickup_date = params.get("pickupDate")
    if pickup_date is not None:
        parse_range(pickup_date, name="params.pickupDate", require_offset=True)

    is_mps = params.get("is_mps")
    if is_mps is not None and not isinstance(is_mps, bool):
        raise RequestError(f"params.is_mps must be true or false, got {is_mps!r}.")


def _shipment_items(body: dict[str, Any]) -> list[dict]:
    items = body.get("shipments")
    if not isinstance(items, list):
        raise RequestError('shipments is missing; send {"shipments": [{"shipmentId": ...}]}.')
    check_batch(len(items), name="shipments", limit=MAX_ACTION_SHIPMENTS)
    if not all(isinstance(item, dict) for item in items):
        raise RequestError("Every entry of shipments must be an object with a shipmentId.")
    return items


ROUTES = [
    Route("/sellers/v3/shipments/labels", pack, methods=["POST"]),
    Route("/sellers/v3/shipments/dispatch", dispatch, methods=["POST"]),
    Route("/sellers/v3/shipments/cancel", cancel, methods=["POST"]),
    Route("/sellers/v3/shipments/handover/counts", handover_counts, methods=["GET"]),
    Route("/sellers/v3/shipments/manifest", manifest, methods=["POST"]),
]
