"""Batch limits per endpoint and the helpers that split or check id lists."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar
from urllib.parse import quote

from ingestion.client.errors import BatchLimitError

ItemT = TypeVar("ItemT")

SHIPMENT_IDS_PER_CALL = 100
DOCUMENT_IDS_PER_CALL = 100
LABEL_ONLY_IDS_PER_CALL = 50
ACTION_SHIPMENTS_PER_CALL = 25
RETURN_IDS_PER_CALL = 25
LISTING_SKUS_PER_CALL = 10


def chunks(items: Sequence[ItemT], size: int) -> Iterator[list[ItemT]]:
    """Yield consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def check_limit(operation: str, items: Sequence[object], limit: int) -> None:
    """Raise BatchLimitError before any request when `items` exceeds `limit`."""
    if len(items) > limit:
        raise BatchLimitError(operation=operation, limit=limit, count=len(items))


_COMMA_OR_SPACE = re.compile(r"[,\s]")


def clean_ids(ids: Iterable[object], what: str) -> list[str]:
    """Return ids as stripped strings without duplicates, keeping their order.

    Flipkart rejects spaces between comma-separated ids, and a comma inside one id would
    split it, so both are checked here.
    """
    cleaned: dict[str, None] = {}
    for raw in ids:
        value = str(raw).strip()
        if not value:
            raise ValueError(f"An empty {what} was given; remove it from the list.")
        if _COMMA_OR_SPACE.search(value):
            raise ValueError(f"{what} {value!r} contains a comma or a space; ids cannot.")
        cleaned[value] = None
    return list(cleaned)


def path_list(ids: Sequence[str]) -> str:
    """Join ids for a path segment: each percent-encoded, separated by bare commas."""
    return ",".join(quote(value, safe="") for value in ids)
