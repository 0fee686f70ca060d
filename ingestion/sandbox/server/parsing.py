"""Parsing of request values shared by the routes: id lists, batch limits and date ranges."""

from datetime import datetime, timedelta, timezone
from typing import Any

from .responses import RequestError

IST = timezone(timedelta(hours=5, minutes=30), "IST")

Range = tuple[datetime | None, datetime | None]


def split_ids(raw: str, *, name: str, limit: int) -> list[str]:
    """Split a comma-separated id list, rejecting spaces, empty parts and lists over `limit`."""
    if not raw:
        raise RequestError(f"{name} is empty; pass 1 to {limit} comma-separated ids.")
    if any(character.isspace() for character in raw):
        raise RequestError(f"{name} must not contain spaces; join the ids with ',' only.")

    ids = raw.split(",")
    if any(not part for part in ids):
        raise RequestError(f"{name} contains an empty id; remove the extra ','.")
    check_batch(len(ids), name=name, limit=limit)
    return ids


def check_batch(count: int, *, name: str, limit: int, minimum: int = 1) -> None:
    """Raise a 400 when a batch has fewer than `minimum` or more than `limit` entries."""
    if count < minimum or count > limit:
        raise RequestError(
            f"{name} has {count} entries; send {minimum} to {limit} per request "
            "and split larger batches.",
            code="BATCH_LIMIT_EXCEEDED" if count > limit else "INVALID_REQUEST",
        )


def parse_datetime(value: Any, *, name: str, require_offset: bool = False) -> datetime:
    """Parse an ISO-8601 instant. A value without an offset is read as IST, or rejected when
    `require_offset` is set.

    A `+` that arrived unencoded in a query string has become a space; it is put back.
    """
    if not isinstance(value, str) or not value.strip():
        raise RequestError(f"{name} must be an ISO-8601 date-time string, got {value!r}.")

    text = value.strip()
    if " " in text and "T" in text:
        text = text.replace(" ", "+")
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"

    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise RequestError(
            f"{name} is not an ISO-8601 date-time: {value!r}; "
            "use e.g. 2026-11-30T10:00:00.000+05:30."
        ) from exc

    if parsed.tzinfo is None and require_offset:
        raise RequestError(
            f"{name} has no UTC offset: {value!r}; use e.g. 2026-11-30T10:00:00.000+05:30."
        )
    # NOTE: Flipkart does not document naive instants; the sandbox reads them as IST.
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=IST)
    return parsed


def parse_range(value: Any, *, name: str, require_offset: bool = False) -> Range:
    """Parse a `{"from": ISO, "to": ISO}` filter range; either bound may be missing."""
    if not isinstance(value, dict):
        raise RequestError(f"{name} must be an object with 'from' and/or 'to', got {value!r}.")

    unknown = set(value) - {"from", "to"}
    if unknown:
        raise RequestError(f"{name} has unknown keys {sorted(unknown)}; use 'from' and 'to'.")

    start = value.get("from")
    end = value.get("to")
    return bounded_range(
        _parse_bound(start, f"{name}.from", require_offset),
        _parse_bound(end, f"{name}.to", require_offset),
        name=name,
    )


def _parse_bound(value: Any, name: str, require_offset: bool) -> datetime | None:
    if value is None:
        return None
    return parse_datetime(value, name=name, require_offset=require_offset)


def bounded_range(start: datetime | None, end: datetime | None, *, name: str) -> Range:
    if start is not None and end is not None and start > end:
        raise RequestError(
            f"{name} starts after it ends ({start.isoformat()} > {end.isoformat()})."
        )
    return (start, end)


def string_list(value: Any, *, name: str) -> list[str]:
    """Accept a list of strings, or one string as a list of one."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RequestError(f"{name} must be a list of strings, got {value!r}.")
    return value
