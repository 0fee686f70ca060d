"""Stateless page tokens: base64url JSON that carries the query, the seller and the offset.

The server keeps no cursor, so every page re-runs the query and slices it at the offset.
Like Flipkart's own tokens, an offset shifts when data changes between pages.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from .responses import RequestError

TOKEN_FIELDS = frozenset({"kind", "sellerId", "query", "offset", "pageSize"})


@dataclass(frozen=True)
class PageToken:
    """The decoded content of a page token."""

    kind: str  # "shipments", "returns" or "listings"
    seller_id: str
    query: dict[str, Any]
    offset: int | None  # None marks the token that follows the last page
    page_size: int


def encode_page_token(token: PageToken) -> str:
    payload = {
        "kind": token.kind,
        "sellerId": token.seller_id,
        "query": token.query,
        "offset": token.offset,
        "pageSize": token.page_size,
    }
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_page_token(
    text: str,
    *,
    kind: str,
    seller_id: str,
    max_page_size: int | None = None,
    name: str = "next_token",
) -> PageToken:
    """Decode a token of `kind` issued to `seller_id`, or raise a 400 naming the problem.

    Tokens are unsigned, so every field is checked as if a client had written it. The page size
    must not exceed `max_page_size` (no cap when None). `name` is the token's parameter name.
    """
    payload = _decode_payload(text, name)

    missing = sorted(TOKEN_FIELDS - set(payload))
    if missing:
        fields = ", ".join(missing)
        raise invalid_page_token(name, f"it lacks a field the sandbox writes ({fields})")
    token = PageToken(
        kind=payload["kind"],
        seller_id=payload["sellerId"],
        query=payload["query"],
        offset=payload["offset"],
        page_size=payload["pageSize"],
    )

    if token.kind != kind:
        raise invalid_page_token(name, f"it is not a {kind!r} token")
    if token.seller_id != seller_id:
        raise invalid_page_token(name, "it was issued to another seller")
    if not isinstance(token.query, dict):
        raise invalid_page_token(name, "its query is not an object")
    if token.offset is not None and not _is_count(token.offset, minimum=0):
        raise invalid_page_token(name, "its offset is not a non-negative integer")
    if not _is_count(token.page_size, minimum=1):
        raise invalid_page_token(name, "its page size is not a positive integer")
    if max_page_size is not None and token.page_size > max_page_size:
        raise invalid_page_token(name, f"its page size is above the maximum {max_page_size}")
    return token


def invalid_page_token(name: str, reason: str) -> RequestError:
    """Build the 400 for a page token `name` that the sandbox did not issue in this form."""
    return RequestError(
        f"Invalid {name}: {reason}. Follow the URL the previous page returned.",
        code="INVALID_PAGE_TOKEN",
    )


def next_offset(offset: int, page_size: int, total: int) -> int | None:
    """Return the offset of the following page, or None when this page is the last."""
    following = offset + page_size
    return following if following < total else None


def _decode_payload(text: str, name: str) -> dict:
    cleaned = text.strip().replace("+", "-").replace("/", "_")
    padded = cleaned + "=" * (-len(cleaned) % 4)

    try:
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error, RecursionError) as exc:
        raise invalid_page_token(name, "it is not base64-encoded JSON") from exc

    if not isinstance(payload, dict):
        raise invalid_page_token(name, "it does not decode to an object")
    return payload


def _is_count(value: Any, *, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum
