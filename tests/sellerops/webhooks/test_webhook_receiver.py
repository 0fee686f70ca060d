"""The receiver under uvicorn on 127.0.0.1, posted to over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from factories import account_input, new_tenant
from receiver_server import ThreadedServer
from sqlalchemy import func, select

from sellerops.models import WebhookEvent
from sellerops.services import add_account, deactivate_account
from sellerops.services.webhook_events import mark_processed, pending_accounts
from sellerops.store import Store
from sellerops.webhooks.app import create_app
from sellerops.webhooks.signature import MAX_CLOCK_SKEW, authorization_header, format_x_date

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "notifications"
FIXTURE_NAMES = ("shipment_created", "shipment_cancelled", "return_expected_date_changed")
APP_ID = "app-hooks"
SECRET = "test-secret-of-hooks-0123456789"
SMALL_BODY_LIMIT = 4096


@dataclass
class Receiver:
    """A running receiver and the seller account it has notifications for."""

    store: Store
    http: httpx.Client
    base_url: str
    account_id: str
    tenant_slug: str

    def url(self, account_id: str | None = None) -> str:
        return f"{self.base_url}/flipkart/notifications/{account_id or self.account_id}"

    def post(
        self,
        body: bytes,
        *,
        secret: str = SECRET,
        sent_at: datetime | None = None,
        account_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        url = self.url(account_id)
        sent_at = sent_at or datetime.now(UTC)
        signed = {
            "Content-Type": "application/json",
            "X_Date": format_x_date(sent_at),
            "X_Authorization": authorization_header(APP_ID, secret, url, "POST", sent_at),
        }
        return self.http.post(url, content=body, headers=headers if headers is not None else signed)

    def stored(self) -> list[WebhookEvent]:
        with self.store.operator_read() as session:
            return list(session.scalars(select(WebhookEvent).order_by(WebhookEvent.received_at)))


@pytest.fixture
def receiver(store: Store) -> Iterator[Receiver]:
    owner = new_tenant(store, "hooks")
    account = add_account(owner, account_input("hooks", app_id=APP_ID, app_secret=SECRET))
    app = create_app(store, max_body_bytes=SMALL_BODY_LIMIT)
    with ThreadedServer(app) as server, httpx.Client(timeout=10.0) as http:
        yield Receiver(store, http, server.base_url, account.id, "hooks")


def fixture_body(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def test_fixtures_stored_once(receiver):
    for _ in range(3):
        for name in FIXTURE_NAMES:
            response = receiver.post(fixture_body(name))
            assert response.status_code == 200, response.text

    rows = receiver.stored()
    assert sorted(row.event_type for row in rows) == sorted(FIXTURE_NAMES)
    assert {row.account_id for row in rows} == {receiver.account_id}
    assert {row.payload["eventType"] for row in rows} == set(FIXTURE_NAMES)


def test_redelivery_answers_duplicate(receiver):
    first = receiver.post(fixture_body("shipment_created")).json()
    again = receiver.post(fixture_body("shipment_created")).json()

    assert first["status"] == "stored"
    assert again["status"] == "duplicate"
    assert again["eventId"] == first["eventId"]


def test_stored_event_columns(receiver):
    receiver.post(fixture_body("shipment_created"))
    (row,) = receiver.stored()

    assert row.entity_id == "7a1c2e90-3b4d-4f6a-9c8e-51d2f0a4b7e3"
    assert row.location_id == "LOC312d175d079a8798a14d716565484317"
    assert row.event_at == datetime(2021, 8, 3, 6, 21, 44, tzinfo=UTC)
    assert row.is_actionable
    assert row.processed_at is None
    assert row.payload["attributes"]["orderItems"][0]["orderItemId"] == "50789426089009101"


def test_wrong_signature_rejected(receiver, caplog):
    with caplog.at_level(logging.WARNING, logger="sellerops.webhooks"):
        response = receiver.post(fixture_body("shipment_created"), secret="not-the-secret-000")

    assert response.status_code == 401
    assert receiver.stored() == []
    lines = [record.getMessage() for record in caplog.records]
    assert lines == [
        f"Webhook 401: account {receiver.account_id}, X_Authorization signature does not match"
    ]
    assert all(SECRET not in line for line in lines)


def test_stale_x_date_rejected(receiver):
    stale = datetime.now(UTC) - MAX_CLOCK_SKEW - timedelta(seconds=30)
    response = receiver.post(fixture_body("shipment_created"), sent_at=stale)

    assert response.status_code == 401
    assert "receiver's clock" in response.json()["reason"]
    assert receiver.stored() == []


def test_missing_signature_rejected(receiver):
    response = receiver.post(
        fixture_body("shipment_created"), headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 401
    assert receiver.stored() == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"[]", 422),
        (b'{"source": "flipkart"}', 422),
        (b'{"eventType": "shipment_packed", "timestamp": "yesterday"}', 422),
    ],
)
def test_malformed_body_rejected(receiver, caplog, body, status):
    with caplog.at_level(logging.WARNING, logger="sellerops.webhooks"):
        response = receiver.post(body)

    assert response.status_code == status
    assert receiver.stored() == []
    assert len(caplog.records) == 1


def test_malformed_body_needs_signature(receiver):
    response = receiver.post(b"{not json", secret="not-the-secret-000")

    assert response.status_code == 401


def test_unknown_event_type_noop(receiver):
    body = json.dumps(
        {
            "eventType": "shipment_teleported",
            "source": "flipkart",
            "version": "v9",
            "timestamp": "2026-12-05T10:00:00+05:30",
            "shipmentId": "S-1",
            "attributes": {"to": "the moon"},
        }
    ).encode()
    response = receiver.post(body)

    assert response.status_code == 200
    assert response.json()["actionable"] is False
    (row,) = receiver.stored()
    assert row.event_type == "shipment_teleported"
    assert not row.is_actionable
    assert row.processed_at is not None
    assert pending_accounts(receiver.store) == []


def test_unknown_account_rejected(receiver):
    response = receiver.post(
        fixture_body("shipment_created"), account_id="00000000-0000-4000-8000-000000000000"
    )

    assert response.status_code == 404
    assert receiver.stored() == []


def test_deactivated_account_rejected(receiver):
    owner_store = receiver.store
    from sellerops.services.actor import act_as

    owner = act_as(owner_store, receiver.tenant_slug, f"owner@{receiver.tenant_slug}.example")
    deactivate_account(owner, receiver.account_id)

    response = receiver.post(fixture_body("shipment_created"))

    assert response.status_code == 404


def test_oversized_body_rejected(receiver):
    payload = json.loads(fixture_body("shipment_created"))
    payload["attributes"]["padding"] = "x" * SMALL_BODY_LIMIT
    response = receiver.post(json.dumps(payload).encode())

    assert response.status_code == 413
    assert receiver.stored() == []


def test_pending_then_processed(receiver):
    for name in FIXTURE_NAMES:
        receiver.post(fixture_body(name))

    (pending,) = pending_accounts(receiver.store)
    assert pending.tenant_slug == receiver.tenant_slug
    assert pending.account_id == receiver.account_id
    assert len(pending.event_ids) == 2

    assert mark_processed(receiver.store, pending.event_ids, "run-1") == 2
    assert mark_processed(receiver.store, pending.event_ids, "run-2") == 0
    assert pending_accounts(receiver.store) == []
    keys = {row.sync_run_key for row in receiver.stored() if row.is_actionable}
    assert keys == {"run-1"}


def test_events_scoped_to_tenant(receiver):
    receiver.post(fixture_body("shipment_created"))
    other = new_tenant(receiver.store, "elsewhere")

    with receiver.store.read(other.tenant_id) as session:
        assert session.scalar(select(func.count()).select_from(WebhookEvent)) == 0
    with receiver.store.read(receiver.stored()[0].tenant_id) as session:
        assert session.scalar(select(func.count()).select_from(WebhookEvent)) == 1


def test_store_failure_answers_503(receiver, caplog):
    with receiver.store.engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE webhook_events RENAME TO webhook_events_away")
    try:
        with caplog.at_level(logging.ERROR, logger="sellerops.webhooks"):
            response = receiver.post(fixture_body("shipment_created"))
    finally:
        with receiver.store.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE webhook_events_away RENAME TO webhook_events")

    assert response.status_code == 503
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "operational store failed" in caplog.records[0].getMessage()
