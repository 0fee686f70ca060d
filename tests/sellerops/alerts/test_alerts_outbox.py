"""The outbox and the alert services on SQLite and PostgreSQL (no channel is reached here)."""

from datetime import UTC, datetime, timedelta

import pytest
from factories import new_tenant
from sqlalchemy import select

from sellerops.alerts import AlertCandidate, AlertKind, Severity
from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import Alert, AlertDelivery
from sellerops.notify.outbox import record_alerts
from sellerops.services.alert_channels import configure_whatsapp, disable_channel, list_channels
from sellerops.services.alerts import (
    add_recipient,
    list_inbox,
    list_recipients,
    list_rules,
    mark_read,
    remove_recipient,
    set_quiet_hours,
    set_rule,
)

NOW = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)


def candidate(key="low_stock:A:LOC1", kind=AlertKind.LOW_STOCK):
    return AlertCandidate(kind, key, Severity.WARNING, "Low stock: A at LOC1", "3 units available.")


def record(owner, candidates, now=NOW):
    with owner.store.write(owner.tenant_id) as session:
        return [alert.id for alert in record_alerts(session, owner.tenant_id, candidates, now)]


def deliveries(owner):
    with owner.store.read(owner.tenant_id) as session:
        rows = session.scalars(select(AlertDelivery)).all()
        return sorted((row.channel, row.recipient) for row in rows)


@pytest.fixture
def owner(store):
    owner = new_tenant(store, "acme")
    configure_whatsapp(
        owner,
        phone_number_id="106540352242922",
        template_name="sellerops_alert",
        access_token="token-0123456789",
        base_url="http://127.0.0.1:9",
    )
    return owner


def test_one_alert_per_condition_per_window(owner):
    first = record(owner, [candidate(), candidate()])
    same_window = record(owner, [candidate()], NOW + timedelta(hours=10))
    next_window = record(owner, [candidate()], NOW + timedelta(hours=24))

    assert len(first) == 1
    assert same_window == []
    assert len(next_window) == 1


def test_rule_window_from_settings(owner):
    set_rule(owner, "low_stock", window_hours=1)

    record(owner, [candidate()])
    later = record(owner, [candidate()], NOW + timedelta(hours=1))

    assert len(later) == 1


def test_disabled_rule_raises_nothing(owner):
    set_rule(owner, "low_stock", is_enabled=False)

    assert record(owner, [candidate()]) == []


def test_deliveries_follow_recipient_kinds(owner):
    add_recipient(owner, "whatsapp", "+91 98765 43210", kinds=["low_stock"])
    add_recipient(owner, "whatsapp", "919800000001", kinds=["sync_failure"])
    # No email channel is set up, so this recipient gets nothing.
    add_recipient(owner, "email", "ops@acme.example")

    record(owner, [candidate()])

    assert deliveries(owner) == [("whatsapp", "919876543210")]


def test_disabled_channel_gets_no_deliveries(owner):
    add_recipient(owner, "whatsapp", "919876543210")
    disable_channel(owner, "whatsapp")

    record(owner, [candidate()])

    assert deliveries(owner) == []
    assert [channel.is_enabled for channel in list_channels(owner)] == [False]


def test_channel_view_hides_secret(owner):
    view = list_channels(owner)[0]

    assert view.has_secret is True
    assert "token-0123456789" not in repr(view)


def test_inbox_mark_read(owner):
    (alert_id,) = record(owner, [candidate()])

    unread_before = list_inbox(owner, unread_only=True)
    read = mark_read(owner, alert_id)
    again = mark_read(owner, alert_id)

    assert [alert.id for alert in unread_before] == [alert_id]
    assert read.read_at is not None
    assert again.read_at == read.read_at
    assert list_inbox(owner, unread_only=True) == []
    assert len(list_inbox(owner)) == 1


def test_inbox_of_other_tenant_hidden(owner):
    other = new_tenant(owner.store, "globex")
    (alert_id,) = record(owner, [candidate()])

    assert list_inbox(other) == []
    with pytest.raises(NotFoundError):
        mark_read(other, alert_id)
    with owner.store.read(other.tenant_id) as session:
        assert session.scalars(select(Alert)).all() == []


def test_same_condition_in_two_tenants(owner):
    other = new_tenant(owner.store, "globex")

    assert len(record(owner, [candidate()])) == 1
    assert len(record(other, [candidate()])) == 1


def test_set_rule_changes_effective_settings(owner):
    view = set_rule(owner, "pending_dispatch", threshold="4.5", window_hours=12)

    assert str(view.threshold) == "4.5000"
    assert view.window_hours == 12
    assert view.unit == "hours"
    assert len(list_rules(owner)) == len(AlertKind)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"kind": "late"}, "Unknown alert kind"),
        ({"kind": "low_stock", "threshold": "many"}, "not a number"),
        ({"kind": "low_stock", "threshold": "-1"}, "out of range"),
        ({"kind": "low_stock", "window_hours": 0}, "out of range"),
    ],
)
def test_set_rule_rejects_bad_input(owner, arguments, message):
    options = dict(arguments)
    kind = options.pop("kind")
    with pytest.raises(InvalidInputError, match=message):
        set_rule(owner, kind, **options)


def test_recipient_add_remove(owner):
    recipient = add_recipient(owner, "email", " Ops@Acme.Example ", label="Ops desk")

    with pytest.raises(InvalidInputError, match="already exists"):
        add_recipient(owner, "email", "ops@acme.example")
    assert [view.address for view in list_recipients(owner)] == ["ops@acme.example"]
    remove_recipient(owner, recipient.id)
    assert list_recipients(owner) == []


@pytest.mark.parametrize(
    ("channel", "address", "message"),
    [
        ("email", "not-an-address", "Email address"),
        ("whatsapp", "98765", "WhatsApp number"),
        ("sms", "919876543210", "Unknown channel"),
    ],
)
def test_recipient_rejects_bad_address(owner, channel, address, message):
    with pytest.raises(InvalidInputError, match=message):
        add_recipient(owner, channel, address)


def test_quiet_hours_need_both_ends(owner):
    with pytest.raises(InvalidInputError, match="both"):
        set_quiet_hours(owner, "22:00", None)
    assert set_quiet_hours(owner, "22:00", "07:00") == ("22:00", "07:00")
    assert set_quiet_hours(owner, None, None) is None
