"""Batch limits per endpoint and the helpers that split or check id lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

from ingestion.client.errors import BatchLimitError, FlipkartError, PartialBatchError

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")

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


# Ids are joined with commas into one path segment or query value. A comma would split an id,
# Flipkart rejects spaces between ids, and '/', '?', '#' or '%' change where a path ends or
# are decoded by the server, which then looks up or routes something else.
_UNSAFE_IN_ID = re.compile(r"[,\s/?#%\x00-\x1f\x7f]")
_UNSAFE_IN_SKU = re.compile(r"[,/?#%\x00-\x1f\x7f]")


def clean_ids(ids: Iterable[object], what: str, *, allow_inner_spaces: bool = False) -> list[str]:
    """Return ids as stripped strings without duplicates, keeping their order.

    Raises ValueError naming the id for None, an empty id, or one with a comma, whitespace,
    '/', '?', '#', '%' or a control character. `allow_inner_spaces` accepts a space inside an
    id (seller SKUs may contain one, and the path percent-encodes it).
    """
    unsafe = _UNSAFE_IN_SKU if allow_inner_spaces else _UNSAFE_IN_ID
    cleaned: dict[str, None] = {}
    for raw in ids:
        if not isinstance(raw, (str, int)) or isinstance(raw, bool):
            raise ValueError(f"A {what} must be a string, got {raw!r}.")
        value = str(raw).strip()
        if not value:
            raise ValueError(f"An empty {what} was given; remove it from the list.")
        if unsafe.search(value):
            raise ValueError(
                f"{what} {value!r} contains a comma, whitespace, '/', '?', '#', '%' or a "
                "control character, which cannot be sent in a list of ids. Remove it."
            )
        cleaned[value] = None
    return list(cleaned)


def run_batches(
    operation: str,
    batches: Sequence[list[ItemT]],
    send: Callable[[list[ItemT]], list[ResultT]],
    wrap: Callable[[list[ResultT]], Any] = list,
) -> list[ResultT]:
    """Send each batch in order and return the concatenated results.

    When a batch after the first fails, raises PartialBatchError carrying `wrap` of the results
    so far, so that the caller learns what the completed batches did. A failure of the first
    batch is raised unchanged, since nothing has completed.
    """
    results: list[ResultT] = []
    for index, batch in enumerate(batches):
        try:
            results.extend(send(batch))
        except FlipkartError as error:
            if index == 0:
                raise
            raise PartialBatchError(
                operation=operation,
                completed=wrap(results),
                error=error,
                failed_items=list(batch),
                unsent_items=[item for later in batches[index + 1 :] for item in later],
            ) from error
    return results


def path_list(ids: Sequence[str]) -> str:
    """Join ids for a path segment: each percent-encoded, separated by bare commas."""
    return ",".join(quote(value, safe="") for value in ids)
