"""Returns search (v2): by source and date windows in pages of 25, or by return/tracking ids.

`nextUrl` is relative to `/sellers/v2`, as on Flipkart: `/returns/search/<token>`.
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
from .parsing import bounded_range, parse_datetime, split_ids
from .responses import RequestError, json_response
from .state import SandboxState, sandbox_state, seller_id_of

SOURCES = ("customer_return", "courier_return")
MAX_IDS = 25
DATE_PARAMETERS = ("createdAfter", "createdBefore", "modifiedAfter", "modifiedBefore")
QUERY_PARAMETERS = frozenset({"source", "locationId", *DATE_PARAMETERS})
SEARCH_PATH = "/returns/search/"


async def search(request: Request) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    params = request.query_params

    return_ids = params.get("returnIds")
    tracking_ids = params.get("trackingIds")
    if return_ids is not None and tracking_ids is not None:
        raise RequestError("Pass returnIds or trackingIds, not both.")
    if return_ids is not None:
        ids = split_ids(return_ids, name="returnIds", limit=MAX_IDS)
        items = state.marketplace.returns_by(seller_id, return_ids=ids)
        return json_response({"hasMore": False, "nextUrl": None, "returnItems": items})
    if tracking_ids is not None:
        ids = split_ids(tracking_ids, name="trackingIds", limit=MAX_IDS)
        items = state.marketplace.returns_by(seller_id, tracking_ids=ids)
        return json_response({"hasMore": False, "nextUrl": None, "returnItems": items})

    query = {name: params[name] for name in QUERY_PARAMETERS if name in params}
    _find_arguments(query)
    size = state.settings.returns_page_size
    return _page(state, seller_id, query, offset=0, page_size=size)


async def next_page(request: Request) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    token = decode_page_token(
        request.path_params["token"],
        kind="returns",
        seller_id=seller_id,
        max_page_size=state.settings.returns_page_size,
        name="returns page token",
    )
    _check_token_query(token.query)
    if token.offset is None:
        return _respond([], has_more=False, token=token)

    for _ in range(state.faults.should_change_state()):
        state.marketplace.perturb(seller_id, state.faults.rng)
    return _page(state, seller_id, token.query, offset=token.offset, page_size=token.page_size)


def _check_token_query(query: dict) -> None:
    """Check a token's query with the rules of a first request, because tokens are not signed."""
    name = "returns page token"
    if not set(query) <= QUERY_PARAMETERS:
        raise invalid_page_token(name, f"its query has keys outside {sorted(QUERY_PARAMETERS)}")
    if not all(isinstance(value, str) for value in query.values()):
        raise invalid_page_token(name, "its query values are not all strings")

    try:
        _find_arguments(query)
    except RequestError as exc:
        raise invalid_page_token(name, exc.message.rstrip(".")) from exc


def _find_arguments(query: dict[str, str]) -> dict[str, Any]:
    source = query.get("source")
    if source is None:
        raise RequestError(
            "source is required for a returns search (customer_return or courier_return); "
            "or pass returnIds / trackingIds."
        )
    if source not in SOURCES:
        raise RequestError(f"source must be customer_return or courier_return, got {source!r}.")

    dates = {
        name: parse_datetime(query[name], name=name) for name in DATE_PARAMETERS if name in query
    }
    created = bounded_range(dates.get("createdAfter"), dates.get("createdBefore"), name="created")
    modified = bounded_range(
        dates.get("modifiedAfter"), dates.get("modifiedBefore"), name="modified"
    )
    # NOTE: Flipkart's documentation does not say whether created and modified windows combine;
    # the sandbox rejects the mix, as the client library does.
    if created != (None, None) and modified != (None, None):
        raise RequestError(
            "Pass createdAfter/createdBefore or modifiedAfter/modifiedBefore, not both; "
            "search one date kind per request."
        )

    arguments: dict[str, Any] = {"source": source, "location_id": query.get("locationId")}
    if created != (None, None):
        arguments["created"] = created
    if modified != (None, None):
        arguments["modified"] = modified
    return arguments


def _page(
    state: SandboxState, seller_id: str, query: dict[str, str], *, offset: int, page_size: int
) -> Response:
    arguments = _find_arguments(query)
    try:
        ids = state.marketplace.find_returns(seller_id, **arguments)
    except ValueError as exc:
        raise RequestError(str(exc)) from exc

    items = []
    for return_id in ids[offset : offset + page_size]:
        item = state.marketplace.return_item(seller_id, return_id)
        if item is not None:
            items.append(item)

    following = next_offset(offset, page_size, len(ids))
    token = PageToken("returns", seller_id, query, following, page_size)
    return _respond(items, has_more=following is not None, token=token)


def _respond(items: list[dict], *, has_more: bool, token: PageToken) -> Response:
    next_url = SEARCH_PATH + encode_page_token(token)
    return json_response({"hasMore": has_more, "nextUrl": next_url, "returnItems": items})


ROUTES = [
    Route("/sellers/v2/returns", search, methods=["GET"]),
    Route("/sellers/v2/returns/search/{token}", next_page, methods=["GET"]),
]
