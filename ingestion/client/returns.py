"""Returns v2: search customer returns and courier returns (RTO), or read them by id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from ingestion.client.batching import RETURN_IDS_PER_CALL, chunks, clean_ids
from ingestion.client.paging import PageRequest, ReturnPages, iterate_pages
from ingestion.client.records.filters import format_timestamp
from ingestion.client.records.returns import RETURN_SOURCES, ReturnItem
from ingestion.client.transport import ORDERS_TIMEOUT, ModelT, Transport


class ReturnsAPI:
    """Return endpoints under /v2/returns; reached as `FlipkartClient.returns`."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def search(
        self,
        source: str,
        *,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        modified_after: datetime | None = None,
        modified_before: datetime | None = None,
        location_id: str | None = None,
    ) -> Iterator[ReturnItem]:
        """Yield returns of `source` by created or modified dates (not both), page by page."""
        for page in self.search_pages(
            source,
            created_after=created_after,
            created_before=created_before,
            modified_after=modified_after,
            modified_before=modified_before,
            location_id=location_id,
        ):
            yield from page

    def search_pages(
        self,
        source: str,
        *,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        modified_after: datetime | None = None,
        modified_before: datetime | None = None,
        location_id: str | None = None,
    ) -> Iterator[list[ReturnItem]]:
        """Yield the validated returns of each page of a search (see `search`)."""
        if source not in RETURN_SOURCES:
            raise ValueError(f"Unknown return source {source!r}; use one of {RETURN_SOURCES}.")
        created = {"createdAfter": created_after, "createdBefore": created_before}
        modified = {"modifiedAfter": modified_after, "modifiedBefore": modified_before}
        uses_created = any(value is not None for value in created.values())
        uses_modified = any(value is not None for value in modified.values())
        if uses_created == uses_modified:
            raise ValueError(
                "Give created_after/created_before or modified_after/modified_before, not both "
                "and not neither."
            )

        params = {"source": source}
        for name, value in {**created, **modified}.items():
            if value is not None:
                params[name] = format_timestamp(value)
        if location_id is not None:
            params["locationId"] = location_id

        yield from self._pages(ReturnPages(params))

    def get(
        self, *, return_ids: Iterable[str] | None = None, tracking_ids: Iterable[str] | None = None
    ) -> list[ReturnItem]:
        """Fetch returns by return ids or by reverse tracking ids, 25 per request."""
        if (return_ids is None) == (tracking_ids is None):
            raise ValueError("Pass exactly one of return_ids or tracking_ids.")
        name = "returnIds" if return_ids is not None else "trackingIds"
        ids = clean_ids(return_ids if return_ids is not None else tracking_ids or [], name)

        items: list[ReturnItem] = []
        for batch in chunks(ids, RETURN_IDS_PER_CALL):
            for page in self._pages(ReturnPages({name: ",".join(batch)})):
                items.extend(page)
        return items

    def _pages(self, strategy: ReturnPages) -> Iterator[list[ReturnItem]]:
        for page in iterate_pages(strategy, self._send_page):
            yield strategy.items(page)

    def _send_page(self, request: PageRequest, model: type[ModelT]) -> ModelT:
        return self._transport.request_model(
            request.method, request.path, model, params=request.params, timeout=ORDERS_TIMEOUT
        )
