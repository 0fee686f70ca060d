"""Listings v3: read by SKU (GET or details POST), search in pages, inventory and price updates.

Reads wrap listings as `{"available": {sku: listing}, "unavailable": [...], "invalid": [...]}`.
Writes return 200 with one `{"status", "errors", "attribute_errors"}` result per SKU.
"""

import re
from collections.abc import Callable
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
from .parsing import check_batch, string_list
from .responses import RequestError, json_response, read_json_object
from .state import sandbox_state, seller_id_of

MAX_SKUS = 10
LISTING_STATUSES = ("ACTIVE", "INACTIVE")
# NOTE: Flipkart does not define when a SKU is "invalid" rather than "unavailable". The sandbox
# calls a SKU invalid when it is empty, longer than 64 characters or has unusual characters.
VALID_SKU = re.compile(r"^[A-Za-z0-9._\-/ ]{1,64}$")


async def get_by_path(request: Request) -> Response:
    skus = request.path_params["skus"].split(",")
    check_batch(len(skus), name="SKUs", limit=MAX_SKUS)
    return _read(request, skus)


async def details(request: Request) -> Response:
    body = await read_json_object(request)
    skus = string_list(body.get("sku_ids"), name="sku_ids")
    check_batch(len(skus), name="sku_ids", limit=MAX_SKUS)
    return _read(request, skus)


async def search(request: Request) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    body = await read_json_object(request)

    page_id = body.get("page_id")
    if page_id is not None:
        if not isinstance(page_id, str):
            raise RequestError(
                f"page_id must be null or the previous next_page_id, got {page_id!r}."
            )
        token = decode_page_token(
            page_id,
            kind="listings",
            seller_id=seller_id,
            max_page_size=state.settings.listing_page_size,
            name="page_id",
        )
        if set(token.query) != {"listing_status"}:
            raise invalid_page_token("page_id", "its query is not a listing_status filter")
        if token.offset is None:
            return json_response({"listings": [], "has_more": False, "next_page_id": None})
        status, offset, size = token.query["listing_status"], token.offset, token.page_size
        if status is not None and status not in LISTING_STATUSES:
            raise invalid_page_token("page_id", f"its listing_status {status!r} is unknown")
    else:
        status, offset, size = _listing_status(body), 0, state.settings.listing_page_size

    skus = state.marketplace.listing_skus(seller_id, status)
    rows = []
    for sku in skus[offset : offset + size]:
        listing = state.marketplace.listing(seller_id, sku)
        if listing is not None:
            rows.append(
                {
                    "listing_id": listing.get("listing_id"),
                    "product_id": listing.get("product_id"),
                    "sku_id": sku,
                }
            )

    following = next_offset(offset, size, len(skus))
    next_page_id = None
    if following is not None:
        token = PageToken("listings", seller_id, {"listing_status": status}, following, size)
        next_page_id = encode_page_token(token)
    return json_response(
        {"listings": rows, "has_more": following is not None, "next_page_id": next_page_id}
    )


async def update_inventory(request: Request) -> Response:
    state = sandbox_state(request)
    return await _write(request, state.marketplace.update_inventory)


async def update_price(request: Request) -> Response:
    state = sandbox_state(request)
    return await _write(request, state.marketplace.update_price)


def _read(request: Request, skus: list[str]) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)

    available: dict[str, dict] = {}
    unavailable: list[str] = []
    invalid: list[str] = []
    for sku in skus:
        if not VALID_SKU.match(sku):
            invalid.append(sku)
            continue
        listing = state.marketplace.listing(seller_id, sku)
        if listing is None:
            unavailable.append(sku)
        else:
            available[sku] = listing
    return json_response({"available": available, "unavailable": unavailable, "invalid": invalid})


async def _write(request: Request, apply: Callable[[str, str, dict], dict]) -> Response:
    seller_id = seller_id_of(request)
    body = await read_json_object(request)
    check_batch(len(body), name="SKUs", limit=MAX_SKUS)
    if not all(isinstance(payload, dict) for payload in body.values()):
        raise RequestError('Each SKU must map to an object, e.g. {"SKU-1": {"product_id": ...}}.')

    results = {sku: apply(seller_id, sku, payload) for sku, payload in body.items()}
    return json_response(results)


def _listing_status(body: dict[str, Any]) -> str | None:
    filters = body.get("filters") or {}
    if not isinstance(filters, dict):
        raise RequestError(f"filters must be an object, got {filters!r}.")

    # Flipkart's own page spells the key "lisitng_status"; both spellings are accepted.
    status = filters.get("listing_status", filters.get("lisitng_status"))
    if status is not None and status not in LISTING_STATUSES:
        raise RequestError(f"listing_status must be ACTIVE or INACTIVE, got {status!r}.")
    return status


ROUTES = [
    Route("/sellers/listings/v3/details", details, methods=["POST"]),
    Route("/sellers/listings/v3/search", search, methods=["POST"]),
    Route("/sellers/listings/v3/update/inventory", update_inventory, methods=["POST"]),
    Route("/sellers/listings/v3/update/price", update_price, methods=["POST"]),
    Route("/sellers/listings/v3/{skus}", get_by_path, methods=["GET"]),
]
