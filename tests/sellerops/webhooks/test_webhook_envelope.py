"""Envelope parsing of the real notification fixtures, the event key and malformed bodies."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sellerops.webhooks.envelope import (
    MAX_NESTING_DEPTH,
    MalformedBodyError,
    event_key,
    parse_notification,
)
from sellerops.webhooks.events import KNOWN_EVENTS, is_actionable

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "notifications"
FIXTURE_ENTITIES = {
    "shipment_created": "7a1c2e90-3b4d-4f6a-9c8e-51d2f0a4b7e3",
    "shipment_cancelled": "b27c442c-8dec-46a4-a2d7-01dc2b1284ab",
    "return_expected_date_changed": "17808102027326660867",
}


def fixture_body(event_type: str) -> bytes:
    return (FIXTURES / f"{event_type}.json").read_bytes()


@pytest.mark.parametrize("event_type", sorted(FIXTURE_ENTITIES))
def test_fixture_parses(event_type):
    event = parse_notification(fixture_body(event_type))

    assert event.envelope.event_type == event_type
    assert event.entity_id == FIXTURE_ENTITIES[event_type]
    assert event.is_actionable == (event_type != "return_expected_date_changed")
    assert event.payload == json.loads(fixture_body(event_type))


def test_fixture_timestamp_aware():
    event = parse_notification(fixture_body("shipment_created"))

    assert event.event_at == datetime(2021, 8, 3, 6, 21, 44, tzinfo=UTC)


def test_key_ignores_order_and_spacing():
    payload = json.loads(fixture_body("shipment_cancelled"))
    reordered = json.dumps(dict(reversed(list(payload.items()))), indent=4).encode()

    assert parse_notification(reordered).event_key == event_key(payload)


def test_key_differs_per_event():
    keys = {parse_notification(fixture_body(name)).event_key for name in FIXTURE_ENTITIES}

    assert len(keys) == len(FIXTURE_ENTITIES)


def test_unknown_type_not_actionable():
    body = json.dumps({"eventType": "shipment_teleported", "attributes": {}}).encode()
    event = parse_notification(body)

    assert event.envelope.event_type == "shipment_teleported"
    assert not event.is_actionable


def test_state_changes_actionable():
    assert is_actionable("shipment_created")
    assert is_actionable("return_completed")
    assert is_actionable("order_item_created")


def test_informational_types_not_actionable():
    assert "return_item_tracking_id_update" in KNOWN_EVENTS
    assert not is_actionable("return_item_tracking_id_update")
    assert not is_actionable("return_expected_date_changed")


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"", 400, "not JSON"),
        (b"{not json", 400, "not JSON"),
        (b"\xff\xfe", 400, "not JSON"),
        (b"[1, 2]", 422, "JSON list"),
        (b"{}", 422, "eventType"),
        (b'{"eventType": ""}', 422, "eventType"),
        (b'{"eventType": 5}', 422, "eventType"),
        (b'{"eventType": "shipment_packed", "attributes": []}', 422, "attributes"),
        (b'{"eventType": "shipment_packed", "timestamp": "2021-08-03T11:51:44"}', 422, "timezone"),
        (
            b'{"eventType": "shipment_packed", "shipmentId": "' + b"x" * 101 + b'"}',
            422,
            "shipmentId",
        ),
        # Python's json module accepts these, RFC 8259 and PostgreSQL's json type do not.
        (b'{"eventType": "shipment_packed", "amount": NaN}', 400, "NaN"),
        (b'{"eventType": "shipment_packed", "amount": -Infinity}', 400, "Infinity"),
        (b'{"eventType": "shipment_packed", "amount": 1e999}', 400, "1e999"),
        (b'{"eventType": "shipment_packed", "amount": ' + b"9" * 5000 + b"}", 400, "not JSON"),
        (b'{"eventType": "shipment_packed", "note": "\\ud800"}', 400, "surrogate"),
        (b'{"eventType": "shipment_packed", "\\udfff": 1}', 400, "surrogate"),
        (b"[" * 100_000 + b"]" * 100_000, 400, "nests deeper"),
        (b'{"eventType": "shipment_packed", "a": ' + b"[" * 64 + b"]" * 64 + b"}", 400, "nests"),
        (b'{"eventType": "shipment\\u0000packed"}', 422, "NUL"),
        (b'{"eventType": "shipment_packed", "returnId": "r\\u0000"}', 422, "NUL"),
        (
            b'{"eventType": "shipment_packed", "timestamp": "9999-12-31T23:59:59-05:00"}',
            422,
            "timestamp",
        ),
        (
            b'{"eventType": "shipment_packed", "timestamp": "0001-01-01T00:00:00+05:30"}',
            422,
            "timestamp",
        ),
    ],
)
def test_malformed_body(body, status, message):
    with pytest.raises(MalformedBodyError, match=message) as raised:
        parse_notification(body)
    assert raised.value.status == status


def test_nesting_at_limit_parses():
    # The object itself is the first level.
    inner = b"[" * (MAX_NESTING_DEPTH - 1) + b"]" * (MAX_NESTING_DEPTH - 1)
    event = parse_notification(b'{"eventType": "shipment_packed", "a": ' + inner + b"}")

    assert event.envelope.event_type == "shipment_packed"


def test_timestamp_stored_in_utc():
    body = b'{"eventType": "shipment_packed", "timestamp": "9999-12-31T23:59:59+05:30"}'

    assert parse_notification(body).event_at == datetime(9999, 12, 31, 18, 29, 59, tzinfo=UTC)
    assert parse_notification(body).event_at.utcoffset().total_seconds() == 0
