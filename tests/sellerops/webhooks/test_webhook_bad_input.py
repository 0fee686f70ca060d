"""Hostile bodies and headers posted to the receiver under uvicorn, on SQLite and PostgreSQL.

Each case must end in a 4xx, never a 500 or a 503 that Flipkart would redeliver forever, and
every log line of the receiver must stay one line whatever the URL or the body contains.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from factories import account_input, new_tenant
from receiver_server import ThreadedServer
from sqlalchemy import func, select

from sellerops.models import WebhookEvent
from sellerops.services import add_account
from sellerops.store import Store
from sellerops.webhooks.app import create_app
from sellerops.webhooks.signature import authorization_header, format_x_date

APP_ID = "app-hooks"
SECRET = "test-secret-of-hooks-0123456789"


@dataclass
class Receiver:
    """A receiver with the default body limit and the seller account it accepts."""

    store: Store
    base_url: str
    account_id: str

    def post(
        self, body: bytes, *, x_date: str | None = None, account_id: str | None = None
    ) -> httpx.Response:
        url = f"{self.base_url}/flipkart/notifications/{account_id or self.account_id}"
        sent_at = datetime.now(UTC)
        headers = {
            "Content-Type": "application/json",
            "X_Date": x_date or format_x_date(sent_at),
            "X_Authorization": authorization_header(APP_ID, SECRET, url, "POST", sent_at),
        }
        # A fresh connection per request, because uvicorn closes the connection after a 500.
        with httpx.Client(timeout=10.0) as http:
            return http.post(url, content=body, headers=headers)

    def stored_count(self) -> int:
        with self.store.operator_read() as session:
            return session.scalar(select(func.count()).select_from(WebhookEvent))


@pytest.fixture
def receiver(store: Store) -> Iterator[Receiver]:
    owner = new_tenant(store, "hooks")
    account = add_account(owner, account_input("hooks", app_id=APP_ID, app_secret=SECRET))
    with ThreadedServer(create_app(store)) as server:
        yield Receiver(store, server.base_url, account.id)


def test_deeply_nested_body_rejected(receiver):
    # 200 kB, under the 256 KiB limit, and deeper than Python's recursion limit.
    body = b"[" * 100_000 + b"]" * 100_000

    response = receiver.post(body)

    assert response.status_code == 400, response.text
    assert "nests deeper" in response.json()["reason"]
    assert receiver.stored_count() == 0


def test_lone_surrogate_body_rejected(receiver):
    # Valid JSON syntax, but the string contains an unpaired UTF-16 surrogate.
    response = receiver.post(b'{"eventType": "shipment_created", "note": "\\ud800"}')

    assert response.status_code == 400, response.text
    assert receiver.stored_count() == 0


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
def test_non_json_number_rejected(receiver, literal):
    # PostgreSQL's json type rejects these, so the receiver used to return 503 for them.
    response = receiver.post(b'{"eventType": "shipment_created", "amount": ' + literal + b"}")

    assert response.status_code == 400, response.text
    assert receiver.stored_count() == 0


def test_nul_in_event_type_rejected(receiver):
    # PostgreSQL text columns cannot store U+0000.
    response = receiver.post(b'{"eventType": "shipment\\u0000created"}')

    assert response.status_code == 422, response.text
    assert receiver.stored_count() == 0


@pytest.mark.parametrize(
    "x_date",
    ["Fri, 31 Dec 9999 23:59:59 GMT-05:00", "Mon, 01 Jan 0001 00:00:00 GMT+05:30"],
)
def test_x_date_at_calendar_edge_rejected(receiver, x_date):
    response = receiver.post(b'{"eventType": "shipment_created"}', x_date=x_date)

    assert response.status_code == 401, response.text
    assert "not a valid date" in response.json()["reason"]
    assert receiver.stored_count() == 0


@pytest.mark.parametrize("timestamp", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:30"])
def test_timestamp_out_of_range_rejected(receiver, timestamp, caplog):
    body = f'{{"eventType": "shipment_created", "timestamp": "{timestamp}"}}'.encode()

    with caplog.at_level(logging.ERROR, logger="sellerops.webhooks"):
        response = receiver.post(body)

    # A body that can never be stored is the sender's error, not a store outage to retry.
    assert response.status_code == 422, response.text
    assert "timestamp" in response.json()["reason"]
    assert not any("operational store failed" in r.getMessage() for r in caplog.records)
    assert receiver.stored_count() == 0


def test_timestamp_near_edge_stored(receiver):
    body = b'{"eventType": "shipment_created", "timestamp": "9999-12-31T23:59:59+05:30"}'

    response = receiver.post(body)

    assert response.status_code == 200, response.text
    with receiver.store.operator_read() as session:
        event_at = session.scalar(select(WebhookEvent.event_at))
    assert event_at == datetime(9999, 12, 31, 18, 29, 59, tzinfo=UTC)


def test_unknown_account_log_line_single(receiver, caplog):
    # %0A in the path decodes to a newline in the account id, and no signature is needed.
    forged = "nope%0AWebhook 200: account forged, shipment_created"

    with caplog.at_level(logging.WARNING, logger="sellerops.webhooks"):
        response = receiver.post(b"{}", account_id=forged)

    assert response.status_code == 404
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 1, messages
    assert "\n" not in messages[0]
    assert "nope\\nWebhook 200" in messages[0]


def test_event_type_log_line_single(receiver, caplog):
    body = b'{"eventType": "x\\nWebhook 401: account forged"}'

    with caplog.at_level(logging.INFO, logger="sellerops.webhooks"):
        response = receiver.post(body)

    assert response.status_code == 200
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 1, messages
    assert "\n" not in messages[0]
    assert "x\\nWebhook 401" in messages[0]


def test_printable_values_logged_as_is(receiver, caplog):
    with caplog.at_level(logging.INFO, logger="sellerops.webhooks"):
        response = receiver.post(b'{"eventType": "shipment_created", "shipmentId": "S-1"}')

    assert response.status_code == 200
    message = caplog.records[0].getMessage()
    assert f"account {receiver.account_id}, shipment_created S-1, event" in message
