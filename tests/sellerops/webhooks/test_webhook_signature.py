"""The FKLOGIN signature: X_Date parsing, signing, and every way verification fails."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from ingestion.sandbox.server import notification_events
from sellerops.webhooks.signature import (
    MAX_CLOCK_SKEW,
    SignatureError,
    authorization_header,
    fk_signature,
    format_x_date,
    parse_x_date,
    verify_signature,
)

APP_ID = "app-test"
SECRET = "test-secret-0123456789"
URL = "http://127.0.0.1:8790/flipkart/notifications/acc-1?source=flipkart"
SENT_AT = datetime(2026, 12, 5, 6, 30, 0, tzinfo=UTC)


def verify(authorization: str | None, x_date: str | None, **overrides):
    arguments = {
        "app_id": APP_ID,
        "app_secret": SECRET,
        "url": URL,
        "method": "POST",
        "now": SENT_AT + timedelta(seconds=3),
    }
    arguments.update(overrides)
    return verify_signature(authorization, x_date, **arguments)


def signed() -> tuple[str, str]:
    return authorization_header(APP_ID, SECRET, URL, "POST", SENT_AT), format_x_date(SENT_AT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Flipkart's documented example: this X_Date is epoch 1432026135.
        ("Tue, 19 May 2015 09:02:15 GMT", datetime(2015, 5, 19, 9, 2, 15, tzinfo=UTC)),
        # A real capture: the clock time is local to the offset after GMT.
        ("Tue, 03 Aug 2021 11:51:47 GMT+05:30", datetime(2021, 8, 3, 6, 21, 47, tzinfo=UTC)),
        ("19 May 2015 09:02:15 GMT", datetime(2015, 5, 19, 9, 2, 15, tzinfo=UTC)),
        ("Tue, 19 May 2015 09:02:15 -0100", datetime(2015, 5, 19, 10, 2, 15, tzinfo=UTC)),
    ],
)
def test_x_date_forms(text, expected):
    assert parse_x_date(text) == expected


def test_x_date_documented_epoch():
    assert int(parse_x_date("Tue, 19 May 2015 09:02:15 GMT").timestamp()) == 1432026135


@pytest.mark.parametrize(
    "text",
    [
        "2015-05-19T09:02:15Z",
        "Tue, 19 Mai 2015 09:02:15 GMT",
        "Tue, 31 Feb 2015 09:02:15",
        # Valid local times that the offset moves out of years 1 to 9999 in UTC.
        "Fri, 31 Dec 9999 23:59:59 GMT-05:00",
        "Mon, 01 Jan 0001 00:00:00 GMT+05:30",
    ],
)
def test_x_date_malformed(text):
    with pytest.raises(SignatureError):
        parse_x_date(text)


def test_signature_hashes_epoch_not_header_text():
    message = f"1432026135{URL}POST{SECRET}".encode()
    expected = hashlib.sha1(message, usedforsecurity=False).hexdigest()

    assert fk_signature(1432026135, URL, "POST", SECRET) == expected


def test_header_encodes_app_id_and_digest():
    header = authorization_header(APP_ID, SECRET, URL, "POST", SENT_AT)
    scheme, token = header.split(" ")
    app_id, digest = base64.b64decode(token).decode().split(":")

    assert scheme == "FKLOGIN"
    assert app_id == APP_ID
    assert digest == fk_signature(int(SENT_AT.timestamp()), URL, "POST", SECRET)


def test_sandbox_signs_like_receiver():
    sandbox = notification_events.authorization_header(APP_ID, SECRET, URL, "POST", SENT_AT)

    assert sandbox == authorization_header(APP_ID, SECRET, URL, "POST", SENT_AT)
    assert notification_events.x_date(SENT_AT) == format_x_date(SENT_AT)


def test_valid_signature_returns_date():
    authorization, x_date = signed()

    assert verify(authorization, x_date) == SENT_AT


def test_offset_x_date_verifies():
    authorization = authorization_header(APP_ID, SECRET, URL, "POST", SENT_AT)
    ist_text = "Sat, 05 Dec 2026 12:00:00 GMT+05:30"

    assert verify(authorization, ist_text) == SENT_AT


@pytest.mark.parametrize(
    ("case", "overrides", "reason"),
    [
        ("wrong secret", {"app_secret": "another-secret"}, "does not match"),
        ("other URL", {"url": URL.replace("acc-1", "acc-2")}, "does not match"),
        ("other method", {"method": "PUT"}, "does not match"),
        ("other app", {"app_id": "app-other"}, "another app id"),
        ("stale", {"now": SENT_AT + MAX_CLOCK_SKEW + timedelta(seconds=1)}, "receiver's clock"),
        ("future", {"now": SENT_AT - MAX_CLOCK_SKEW - timedelta(seconds=1)}, "receiver's clock"),
    ],
)
def test_verification_rejects(case, overrides, reason):
    authorization, x_date = signed()

    with pytest.raises(SignatureError, match=reason):
        verify(authorization, x_date, **overrides)


def test_skew_limit_inclusive():
    authorization, x_date = signed()

    assert verify(authorization, x_date, now=SENT_AT + MAX_CLOCK_SKEW) == SENT_AT


@pytest.mark.parametrize(
    ("authorization", "reason"),
    [
        (None, "X_Authorization header is missing"),
        ("", "X_Authorization header is missing"),
        ("Bearer abc", "FKLOGIN scheme"),
        ("FKLOGIN not-base64!", "not valid base64"),
        ("FKLOGIN " + base64.b64encode(b"no-separator").decode(), "'<app id>:<signature>'"),
    ],
)
def test_malformed_authorization(authorization, reason):
    with pytest.raises(SignatureError, match=reason):
        verify(authorization, format_x_date(SENT_AT))


def test_missing_x_date():
    authorization, _ = signed()

    with pytest.raises(SignatureError, match="X_Date header is missing"):
        verify(authorization, None)


def test_reason_never_contains_secret():
    authorization, x_date = signed()

    with pytest.raises(SignatureError) as raised:
        verify(authorization, x_date, app_secret="another-secret")
    assert SECRET not in raised.value.reason
    assert "another-secret" not in raised.value.reason
