"""Pagination written once: a strategy per endpoint family and one page iterator.

Flipkart pages three ways. The shipment filter is a POST whose response carries `nextPageUrl`
(relative to `/sellers`) and `hasMore`. Returns carry `nextUrl`, relative to `/sellers/v2`. The
listing search is sent again with `page_id` set to the previous `next_page_id` while `has_more`.

A next-page URL is followed only as a plain relative path under the endpoint's own prefix, so
a server cannot steer the bearer token to another host or another API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel

from ingestion.client.errors import PagingError
from ingestion.client.records.pages import ListingSearchPage, ReturnPage, ShipmentPage
from ingestion.client.records.returns import ReturnItem
from ingestion.client.records.shipments import Shipment

# 50,000 pages are a million shipments at Flipkart's page size of 20; more means a server that
# never stops paging.
MAX_PAGES = 50_000
# Empty pages that still report more results; a real search has no run of this many.
MAX_EMPTY_PAGES = 5
_UNSAFE_IN_CURSOR = re.compile(r"[\s\x00-\x1f\x7f\\]")


@dataclass(frozen=True)
class PageRequest:
    """One page request; `path` is relative to the Seller API base and may carry a query."""

    method: str
    path: str
    params: dict[str, str] | None = None
    json_body: Any = None


class PageStrategy(Protocol):
    """Paging rules of one endpoint family: page model, first request, next cursor, items."""

    page_model: type[BaseModel]

    def first_request(self) -> PageRequest: ...

    def next_cursor(self, page: Any) -> str | None:
        """Return the token or URL of the next page, or None when this was the last page."""
        ...

    def next_request(self, cursor: str) -> PageRequest: ...

    def items(self, page: Any) -> list[Any]: ...


@dataclass(frozen=True)
class ShipmentFilterPages:
    """POST /v3/shipments/filter, then GET `nextPageUrl` while `hasMore`."""

    body: dict[str, Any]
    path: str = "/v3/shipments/filter"
    page_model: type[BaseModel] = ShipmentPage

    def first_request(self) -> PageRequest:
        return PageRequest("POST", self.path, json_body=self.body)

    def next_cursor(self, page: ShipmentPage) -> str | None:
        if not page.has_more:
            return None
        return _required_cursor(page.next_page_url, "nextPageUrl")

    def next_request(self, cursor: str) -> PageRequest:
        return PageRequest("GET", checked_path(cursor, "nextPageUrl", "/v3/shipments/"))

    def items(self, page: ShipmentPage) -> list[Shipment]:
        return page.shipments or []


@dataclass(frozen=True)
class ReturnPages:
    """GET /v2/returns with query parameters, then GET `/v2` + `nextUrl` while `hasMore`."""

    params: dict[str, str]
    page_model: type[BaseModel] = ReturnPage

    def first_request(self) -> PageRequest:
        return PageRequest("GET", "/v2/returns", params=self.params)

    def next_cursor(self, page: ReturnPage) -> str | None:
        if not page.has_more:
            return None
        return _required_cursor(page.next_url, "nextUrl")

    def next_request(self, cursor: str) -> PageRequest:
        return PageRequest("GET", f"/v2{checked_path(cursor, 'nextUrl', '/returns')}")

    def items(self, page: ReturnPage) -> list[ReturnItem]:
        return page.return_items or []


@dataclass(frozen=True)
class ListingSearchPages:
    """POST /listings/v3/search with `page_id` null, then the previous `next_page_id`."""

    filters: dict[str, Any] = field(default_factory=dict)
    path: str = "/listings/v3/search"
    page_model: type[BaseModel] = ListingSearchPage

    def first_request(self) -> PageRequest:
        return self.next_request(None)

    def next_cursor(self, page: ListingSearchPage) -> str | None:
        if not page.has_more:
            return None
        return _required_cursor(page.next_page_id, "next_page_id")

    def next_request(self, cursor: str | None) -> PageRequest:
        body = {"filters": self.filters, "page_id": cursor}
        return PageRequest("POST", self.path, json_body=body)

    def items(self, page: ListingSearchPage) -> list[Any]:
        listings = page.listings or []
        # The published schema shows `listings` as one object; a list is what paging implies.
        if isinstance(listings, dict):
            return [listings] if "sku_id" in listings else list(listings.values())
        return listings


def iterate_pages(
    strategy: PageStrategy, send: Callable[[PageRequest, type[BaseModel]], Any]
) -> Iterator[Any]:
    """Yield each page, validated into the strategy's page model, in order.

    `send` sends one request and validates its body into the given model. Raises PagingError
    on a repeated cursor, after `MAX_EMPTY_PAGES` empty pages in a row that report more
    results, and after `MAX_PAGES` pages.
    """
    seen: set[str] = set()
    empty_in_a_row = 0
    pages = 0
    request = strategy.first_request()

    while True:
        page = send(request, strategy.page_model)
        pages += 1
        yield page

        cursor = strategy.next_cursor(page)
        if cursor is None:
            return

        empty_in_a_row = 0 if strategy.items(page) else empty_in_a_row + 1
        if empty_in_a_row >= MAX_EMPTY_PAGES:
            raise PagingError(
                f"The server sent {empty_in_a_row} empty pages in a row that still report more "
                f"results (last cursor {_shorten(cursor)!r}); stopped instead of paging on. "
                "Retry the search later or narrow its date range."
            )
        if pages >= MAX_PAGES:
            raise PagingError(
                f"The search passed {MAX_PAGES} pages (last cursor {_shorten(cursor)!r}); "
                "stopped instead of paging on. Narrow its date range."
            )
        if cursor in seen:
            raise PagingError(
                f"The server repeated the next-page cursor {_shorten(cursor)!r} after "
                f"{len(seen) + 1} pages; stopped instead of looping. Retry the search later "
                "or narrow its date range."
            )
        seen.add(cursor)
        request = strategy.next_request(cursor)


def iterate_items(strategy: PageStrategy, send: Callable[[PageRequest], Any]) -> Iterator[Any]:
    """Yield the raw items of every page in order."""
    for page in iterate_pages(strategy, send):
        yield from strategy.items(page)


def _required_cursor(cursor: str | None, key: str) -> str:
    if not cursor:
        raise PagingError(
            f"The page reports more results but {key!r} is missing, so paging cannot continue. "
            "Retry the search later."
        )
    return str(cursor)


def checked_path(cursor: str, key: str, prefix: str) -> str:
    """Return a next-page URL if it is a relative path under `prefix`, else raise PagingError.

    Rejected: a scheme or host, a path outside `prefix`, '.' or '..' segments (also
    percent-encoded), backslashes, and whitespace or control characters.
    """
    parts = urlsplit(cursor)
    segments = unquote(parts.path).split("/")
    problem = None
    if parts.scheme or parts.netloc or cursor.startswith("//"):
        problem = "names a scheme or host"
    elif not parts.path.startswith(prefix):
        problem = f"is not a path under {prefix}"
    elif any(segment in (".", "..") for segment in segments):
        problem = "contains a '.' or '..' segment"
    elif _UNSAFE_IN_CURSOR.search(cursor):
        problem = "contains a backslash, whitespace or a control character"
    if problem is not None:
        raise PagingError(
            f"The server sent a {key} {_shorten(cursor)!r} that {problem}, so it was not "
            "followed. Retry the search later. If it persists, the server is not the Seller API."
        )
    return cursor


def _shorten(cursor: str, limit: int = 80) -> str:
    return cursor if len(cursor) <= limit else f"{cursor[:limit]}..."
