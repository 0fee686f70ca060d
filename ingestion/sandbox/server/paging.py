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


def decode_page_token(text: str, *, kind: str, seller_id: str) -> PageToken:
    """Decode a token of `kind` issued to `seller_id`, or raise a 400 naming the problem."""
    payload = _decode_payload(text)

    try:
        token = PageToken(
            kind=payload["kind"],
            seller_id=payload["sellerId"],
            query=payload["query"],
            offset=payload["offset"],
            page_size=payload["pageSize"],
        )
    except (KeyError, TypeError) as exc:
        raise _invalid("it lacks a field the sandbox writes") from exc

    if token.kind != kind:
        raise _invalid(f"it is a {token.kind!r} token, not a {kind!r} token")
    if token.seller_id != seller_id:
        raise _invalid("it was issued to another seller")
    if not isinstance(token.query, dict):
        raise _invalid("its query is not an object")
    if token.offset is not None and (not isinstance(token.offset, int) or token.offset < 0):
        raise _invalid("its offset is not a non-negative integer")
    if not isinstance(token.page_size, int) or token.page_size < 1:
        raise _invalid("its page size is not a positive integer")
    return token


def next_offset(offset: int, page_size: int, total: int) -> int | None:
    """Return the offset of the following page, or None when this page is the last."""
    following = offset + page_size
    return following if following < total else None


def _decode_payload(text: str) -> dict:
    cleaned = text.strip().replace("+", "-").replace("/", "_")
    padded = cleaned + "=" * (-len(cleaned) % 4)

    try:
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise _invalid("it is not base64-encoded JSON") from exc

    if not isinstance(payload, dict):
        raise _invalid("it does not decode to an object")
    return payload


def _invalid(reason: str) -> RequestError:
    return RequestError(
        f"The page token is invalid because {reason}; follow the URL the previous page returned.",
        code="INVALID_PAGE_TOKEN",
    )
