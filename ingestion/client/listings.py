"""Listings v3: read listings, enumerate them, and set stock and prices per SKU."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import TypeAdapter

from ingestion.client.batching import (
    LISTING_SKUS_PER_CALL,
    chunks,
    clean_ids,
    path_list,
    run_batches,
)
from ingestion.client.errors import InvalidResponseError
from ingestion.client.paging import ListingSearchPages, PageRequest, iterate_pages
from ingestion.client.records.listings import (
    LISTING_STATUSES,
    InventoryUpdate,
    ListingLookup,
    ListingSummary,
    PriceUpdate,
)
from ingestion.client.records.results import ListingResult, listing_results
from ingestion.client.transport import LISTINGS_TIMEOUT, ModelT, Transport, validate_payload

_SUMMARIES = TypeAdapter(list[ListingSummary])
_LOOKUP = TypeAdapter(ListingLookup)


class ListingsAPI:
    """Listing endpoints under /listings/v3; reached as `FlipkartClient.listings`."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def get(self, skus: Iterable[str]) -> ListingLookup:
        """Read listings by seller SKU, 10 per request, merged into one lookup.

        SKUs are checked like ids (see `clean_ids`), except that a space inside one is allowed.
        """

        def send(batch: list[str]) -> list[ListingLookup]:
            path = f"/listings/v3/{path_list(batch)}"
            payload = self._transport.request_json("GET", path, timeout=LISTINGS_TIMEOUT)
            if not isinstance(payload, dict):
                raise InvalidResponseError(
                    f"GET {path} returned {type(payload).__name__} where a JSON object with "
                    "'available' listings was expected."
                )
            return [validate_payload(payload, _LOOKUP, "GET", path)]

        unique = clean_ids(skus, "SKU", allow_inner_spaces=True)
        batches = list(chunks(unique, LISTING_SKUS_PER_CALL))
        return _merged(run_batches("listings.get", batches, send, _merged))

    def search(self, listing_status: str | None = None) -> Iterator[ListingSummary]:
        """Yield every listing (500 per page), optionally only ACTIVE or INACTIVE ones."""
        if listing_status is not None and listing_status not in LISTING_STATUSES:
            raise ValueError(
                f"Unknown listing_status {listing_status!r}; use one of {LISTING_STATUSES} or None."
            )
        filters = {"listing_status": listing_status} if listing_status else {}
        strategy = ListingSearchPages(filters)

        for page in iterate_pages(strategy, self._send_page):
            yield from validate_payload(strategy.items(page), _SUMMARIES, "POST", strategy.path)

    def update_inventory(self, updates: Mapping[str, InventoryUpdate]) -> list[ListingResult]:
        """Set absolute stock per SKU and location; returns one result per SKU, in input order.

        When a request after the first fails as a whole, PartialBatchError carries the results
        of the earlier requests (the same holds for `update_price`).
        """
        bodies = {sku: update.to_wire() for sku, update in updates.items()}
        return self._write("/listings/v3/update/inventory", bodies)

    def update_price(self, updates: Mapping[str, PriceUpdate]) -> list[ListingResult]:
        """Set MRP and selling price per SKU; returns one result per SKU, in input order."""
        bodies = {sku: update.to_wire() for sku, update in updates.items()}
        return self._write("/listings/v3/update/price", bodies)

    def _write(self, path: str, bodies: dict[str, dict[str, Any]]) -> list[ListingResult]:
        def send(batch: list[str]) -> list[ListingResult]:
            payload = self._transport.request_json(
                "POST",
                path,
                json_body={sku: bodies[sku] for sku in batch},
                timeout=LISTINGS_TIMEOUT,
            )
            return listing_results(payload, batch, f"POST {path}")

        batches = list(chunks(list(bodies), LISTING_SKUS_PER_CALL))
        return run_batches(f"POST {path}", batches, send)

    def _send_page(self, request: PageRequest, model: type[ModelT]) -> ModelT:
        return self._transport.request_model(
            request.method,
            request.path,
            model,
            json_body=request.json_body,
            timeout=LISTINGS_TIMEOUT,
        )


def _merged(lookups: list[ListingLookup]) -> ListingLookup:
    merged = ListingLookup()
    for lookup in lookups:
        merged.available.update(lookup.available)
        merged.unavailable.extend(lookup.unavailable)
        merged.invalid.extend(lookup.invalid)
    return merged
