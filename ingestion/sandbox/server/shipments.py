"""Shipment reads: the v3 filter with its next-page GET, get-by-ids and shipment details.

`nextPageUrl` is relative to `/sellers`, as on Flipkart, and is present even on the last page:
there it leads to an empty page with `hasMore` false.
"""

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .paging import (
    PageToken,
    decode_page_token,
    encode_page_token,
    invalid_page_token,
    next_offset,
)
from .parsing import split_ids
from .responses import RequestError, json_response, read_json_object
from .shipment_query import find_arguments, normalise_request, page_size_of
from .state import SandboxState, sandbox_state, seller_id_of

FILTER_PATH = "/v3/shipments/filter"
MAX_IDS = 100
ID_PARAMETERS = {
    "shipmentIds": "shipment_ids",
    "orderItemIds": "order_item_ids",
    "orderIds": "order_ids",
}


async def search(request: Request) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    body = await read_json_object(request)

    query = normalise_request(body)
    size = page_size_of(
        body, default=state.settings.page_size, maximum=state.settings.max_page_size
    )
    return _page(state, seller_id, query, offset=0, page_size=size)


async def next_page(request: Request) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    text = request.query_params.get("next_token")
    if not text:
        raise RequestError("next_token is missing; GET the nextPageUrl of the previous page.")

    token = decode_page_token(
        text, kind="shipments", seller_id=seller_id, max_page_size=state.settings.max_page_size
    )
    query = _token_query(token)
    if token.offset is None:
        return _respond([], has_more=False, token=token)

    for _ in range(state.faults.should_change_state()):
        state.marketplace.perturb(seller_id, state.faults.rng)
    return _page(state, seller_id, query, offset=token.offset, page_size=token.page_size)


async def by_ids(request: Request) -> Response:
    state = sandbox_state(request)
    id_lists = {
        name: value for name, value in request.query_params.items() if name in ID_PARAMETERS
    }
    if len(id_lists) != 1:
        raise RequestError(
            "Pass exactly one of shipmentIds, orderItemIds or orderIds "
            f"(got {sorted(id_lists) or 'none'})."
        )

    ((name, raw),) = id_lists.items()
    ids = split_ids(raw, name=name, limit=MAX_IDS)
    shipments = state.marketplace.shipments_by(seller_id_of(request), **{ID_PARAMETERS[name]: ids})
    return json_response({"shipments": shipments})


async def details(request: Request) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    ids = split_ids(request.path_params["shipment_ids"], name="shipmentIds", limit=MAX_IDS)

    found = []
    for shipment_id in ids:
        detail = state.marketplace.shipment_details(seller_id, shipment_id)
        if detail is not None:
            found.append(detail)
    return json_response({"shipments": found})


def _token_query(token: PageToken) -> dict[str, Any]:
    """Check a token's query with the rules of a first request, because tokens are not signed."""
    try:
        query = normalise_request(token.query)
        find_arguments(query)
    except RequestError as exc:
        raise invalid_page_token("next_token", exc.message.rstrip(".")) from exc
    return query


def _page(
    state: SandboxState, seller_id: str, query: dict[str, Any], *, offset: int, page_size: int
) -> Response:
    arguments = find_arguments(query)
    try:
        ids = state.marketplace.find_shipments(seller_id, **arguments)
    except ValueError as exc:
        raise RequestError(str(exc)) from exc

    page_ids = ids[offset : offset + page_size]
    shipments = []
    for shipment_id in page_ids:
        shipment = state.marketplace.shipment(seller_id, shipment_id)
        if shipment is not None:
            shipments.append(shipment)

    following = next_offset(offset, page_size, len(ids))
    token = PageToken("shipments", seller_id, query, following, page_size)
    return _respond(shipments, has_more=following is not None, token=token)


def _respond(shipments: list[dict], *, has_more: bool, token: PageToken) -> Response:
    next_url = f"{FILTER_PATH}?next_token={encode_page_token(token)}"
    return json_response({"hasMore": has_more, "nextPageUrl": next_url, "shipments": shipments})


ROUTES = [
    Route("/sellers/v3/shipments/filter", search, methods=["POST"]),
    Route("/sellers/v3/shipments/filter/", search, methods=["POST"]),
    Route("/sellers/v3/shipments/filter", next_page, methods=["GET"]),
    Route("/sellers/v3/shipments/filter/", next_page, methods=["GET"]),
    Route("/sellers/v3/shipments", by_ids, methods=["GET"]),
]
# Registered after every fixed `/v3/shipments/<word>` route, so those win over this pattern.
DETAIL_ROUTES = [
    Route("/sellers/v3/shipments/{shipment_ids}", details, methods=["GET"]),
]
