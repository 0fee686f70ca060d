"""Page tokens of the sandbox server: round trip, tampering and offsets."""

import base64
import json

import pytest

from ingestion.sandbox.server.paging import (
    PageToken,
    decode_page_token,
    encode_page_token,
    next_offset,
)
from ingestion.sandbox.server.responses import RequestError

TOKEN = PageToken("shipments", "28dba0d580f64708", {"filter": {"type": "preDispatch"}}, 20, 20)


def test_token_round_trip():
    text = encode_page_token(TOKEN)

    assert decode_page_token(text, kind="shipments", seller_id=TOKEN.seller_id) == TOKEN


def test_token_is_url_safe():
    query = {"filter": {"sku": ["A+B/C?" * 20]}}
    text = encode_page_token(PageToken("shipments", "s", query, 0, 20))

    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_token_accepts_standard_base64_with_padding():
    raw = json.dumps(
        {"kind": "returns", "sellerId": "s", "query": {}, "offset": 25, "pageSize": 25}
    ).encode()
    text = base64.b64encode(raw).decode()

    assert decode_page_token(text, kind="returns", seller_id="s").offset == 25


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not base64 at all!", "base64"),
        (base64.urlsafe_b64encode(b"[1, 2]").decode(), "object"),
        (base64.urlsafe_b64encode(b'{"kind": "shipments"}').decode(), "lacks a field"),
    ],
)
def test_token_malformed(text, reason):
    with pytest.raises(RequestError) as caught:
        decode_page_token(text, kind="shipments", seller_id="s")

    assert caught.value.status == 400
    assert caught.value.code == "INVALID_PAGE_TOKEN"
    assert reason in caught.value.message


def test_token_of_other_seller_rejected():
    text = encode_page_token(TOKEN)

    with pytest.raises(RequestError, match="another seller"):
        decode_page_token(text, kind="shipments", seller_id="0000000000000000")


def test_token_of_other_kind_rejected():
    text = encode_page_token(TOKEN)

    with pytest.raises(RequestError, match="not a 'returns' token"):
        decode_page_token(text, kind="returns", seller_id=TOKEN.seller_id)


def test_token_negative_offset_rejected():
    text = encode_page_token(PageToken("shipments", "s", {}, -5, 20))

    with pytest.raises(RequestError, match="offset"):
        decode_page_token(text, kind="shipments", seller_id="s")


@pytest.mark.parametrize(
    ("offset", "size", "total", "expected"),
    [(0, 20, 45, 20), (20, 20, 45, 40), (40, 20, 45, None), (0, 20, 20, None), (0, 20, 0, None)],
)
def test_next_offset(offset, size, total, expected):
    assert next_offset(offset, size, total) == expected
