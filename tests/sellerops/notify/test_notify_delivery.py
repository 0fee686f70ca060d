"""End to end on SQLite and PostgreSQL: rules -> outbox -> SMTP server and WhatsApp stand-in.

The clock is passed in, so windows, retries and quiet hours run without waiting.
"""

import re
from datetime import UTC, datetime, timedelta
from email import message_from_string
from email.policy import default as default_policy

import pytest
from factories import new_tenant
from notify_servers import SMTP_PASSWORD, SMTP_USER, WHATSAPP_TOKEN
from sqlalchemy import select

from sellerops.alerts import WarehouseRows
from sellerops.models import AlertChannel, AlertDeliveryAttempt
from sellerops.notify.dispatcher import dispatch_due
from sellerops.services.alert_channels import (
    configure_email,
    configure_whatsapp,
    send_test_message,
)
from sellerops.services.alerts import (
    add_recipient,
    list_deliveries,
    list_inbox,
    run_alerts,
    set_quiet_hours,
)

# 12:00 in India.
NOW = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)
EMAIL_TO = "ops@acme.example"
PHONE = "919876543210"


def late_shipment(dispatch_by: datetime) -> WarehouseRows:
    row = {
        "account_id": "acc-1",
        "shipment_id": "SHIP-42",
        "sla_status": "open",
        "dispatch_by": dispatch_by,
    }
    return WarehouseRows(sla_shipments=[row])


@pytest.fixture
def owner(store, smtp_server, whatsapp_api, certificate):
    owner = new_tenant(store, "acme")
    _stand_in, base_url = whatsapp_api
    configure_email(
        owner,
        host="127.0.0.1",
        port=smtp_server.port,
        from_address="alerts@acme.example",
        username=SMTP_USER,
        password=SMTP_PASSWORD,
        ca_file=str(certificate[0]),
    )
    configure_whatsapp(
        owner,
        phone_number_id="106540352242922",
        template_name="sellerops_alert",
        access_token=WHATSAPP_TOKEN,
        base_url=base_url,
    )
    add_recipient(owner, "email", EMAIL_TO)
    add_recipient(owner, "whatsapp", "+91 98765 43210")
    return owner


def attempt_outcomes(store, tenant_id):
    with store.read(tenant_id) as session:
        rows = session.scalars(
            select(AlertDeliveryAttempt).order_by(
                AlertDeliveryAttempt.attempted_at, AlertDeliveryAttempt.attempt
            )
        ).all()
        return sorted((row.attempt, row.outcome) for row in rows)


def test_alert_arrives_once_per_condition(owner, smtp_server, whatsapp_api):
    stand_in, _base_url = whatsapp_api
    rows = late_shipment(NOW + timedelta(hours=3))

    first = run_alerts(owner, rows, NOW)
    second = run_alerts(owner, rows, NOW + timedelta(hours=1))
    third = run_alerts(owner, rows, NOW + timedelta(hours=5))

    assert first.raised == 1
    assert first.dispatch.sent == 2
    assert second.raised == 0
    assert third.raised == 0
    assert len(smtp_server.received) == 1
    assert len(stand_in.requests) == 1
    assert len(list_inbox(owner)) == 1


def test_email_content_and_envelope(owner, smtp_server):
    run_alerts(owner, late_shipment(NOW + timedelta(hours=3)), NOW)

    received = smtp_server.received[0]
    email = message_from_string(received.content, policy=default_policy)
    assert received.recipients == [EMAIL_TO]
    assert email["From"] == "alerts@acme.example"
    assert "SHIP-42" in email["Subject"]
    assert "3.0 h left" in email["Subject"]
    assert "07 Dec 2026 15:00 IST" in email.get_content()


def test_whatsapp_request_shape(owner, whatsapp_api):
    stand_in, _base_url = whatsapp_api
    run_alerts(owner, late_shipment(NOW + timedelta(hours=3)), NOW)

    request = stand_in.requests[0]
    template = request["body"]["template"]
    assert request["version"] == "v21.0"
    assert request["phone_number_id"] == "106540352242922"
    assert request["body"]["to"] == PHONE
    assert template["name"] == "sellerops_alert"
    assert template["language"] == {"code": "en"}
    parameters = template["components"][0]["parameters"]
    assert [parameter["type"] for parameter in parameters] == ["text", "text"]
    assert "SHIP-42" in parameters[0]["text"]


def test_condition_alerts_again_next_window(owner, smtp_server):
    rows = late_shipment(NOW + timedelta(hours=3))

    run_alerts(owner, rows, NOW)
    later = run_alerts(owner, rows, NOW + timedelta(hours=24))

    assert later.raised == 1
    assert len(smtp_server.received) == 2
    assert "overdue" in smtp_server.received[1].content


@pytest.mark.parametrize("smtp_failures", [2])
@pytest.mark.parametrize("whatsapp_failures", [2])
def test_retries_survive_two_failures(owner, smtp_server, whatsapp_api):
    stand_in, _base_url = whatsapp_api

    first = run_alerts(owner, late_shipment(NOW + timedelta(hours=3)), NOW)
    early = dispatch_due(owner.store, owner.tenant_id, NOW + timedelta(seconds=30))
    second = dispatch_due(owner.store, owner.tenant_id, NOW + timedelta(minutes=1))
    third = dispatch_due(owner.store, owner.tenant_id, NOW + timedelta(minutes=3))
    after = dispatch_due(owner.store, owner.tenant_id, NOW + timedelta(hours=2))

    assert first.dispatch.retried == 2
    assert early.retried + early.sent == 0
    assert second.retried == 2
    assert third.sent == 2
    assert after.sent == 0
    assert smtp_server.handler.failed == 2
    assert stand_in.failed == 2
    assert len(smtp_server.received) == 1
    assert len(stand_in.requests) == 1
    deliveries = list_deliveries(owner)
    assert [delivery.status for delivery in deliveries] == ["sent", "sent"]
    assert [delivery.attempts for delivery in deliveries] == [3, 3]
    assert attempt_outcomes(owner.store, owner.tenant_id) == [
        (1, "retry"),
        (1, "retry"),
        (2, "retry"),
        (2, "retry"),
        (3, "sent"),
        (3, "sent"),
    ]


def test_quiet_hours_hold_messages(owner, smtp_server, whatsapp_api):
    stand_in, _base_url = whatsapp_api
    set_quiet_hours(owner, "22:00", "07:00")
    night = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)  # 23:30 in India
    rows = late_shipment(night + timedelta(hours=3))

    held = run_alerts(owner, rows, night)
    before_end = dispatch_due(
        owner.store, owner.tenant_id, datetime(2026, 12, 8, 1, 29, tzinfo=UTC)
    )
    at_end = dispatch_due(owner.store, owner.tenant_id, datetime(2026, 12, 8, 1, 30, tzinfo=UTC))

    assert held.raised == 1
    assert held.dispatch.held == 2
    assert len(list_inbox(owner)) == 1
    assert before_end.sent == 0
    assert at_end.sent == 2
    assert len(smtp_server.received) == 1
    assert len(stand_in.requests) == 1
    assert attempt_outcomes(owner.store, owner.tenant_id) == [
        (0, "held"),
        (0, "held"),
        (1, "sent"),
        (1, "sent"),
    ]


def test_outside_quiet_hours_sends_at_once(owner, smtp_server):
    set_quiet_hours(owner, "22:00", "07:00")

    report = run_alerts(owner, late_shipment(NOW + timedelta(hours=3)), NOW)

    assert report.dispatch.sent == 2
    assert report.dispatch.held == 0


def test_rejected_token_fails_without_retry(owner, whatsapp_api):
    stand_in, base_url = whatsapp_api
    configure_whatsapp(
        owner,
        phone_number_id="106540352242922",
        template_name="sellerops_alert",
        access_token="wrong-token",
        base_url=base_url,
    )

    report = run_alerts(owner, late_shipment(NOW + timedelta(hours=3)), NOW)

    failed = [delivery for delivery in list_deliveries(owner) if delivery.status == "failed"]
    assert report.dispatch.failed == 1
    assert report.dispatch.sent == 1
    assert len(failed) == 1
    assert failed[0].channel == "whatsapp"
    assert "401" in failed[0].last_error
    assert stand_in.requests == []


def test_wrong_smtp_password_fails(owner, smtp_server, certificate):
    configure_email(
        owner,
        host="127.0.0.1",
        port=smtp_server.port,
        from_address="alerts@acme.example",
        username=SMTP_USER,
        password="not-the-password",
        ca_file=str(certificate[0]),
    )

    result = send_test_message(owner, "email", EMAIL_TO)

    assert result.ok is False
    assert "rejected the login" in result.detail
    assert smtp_server.received == []


def test_untrusted_certificate_fails(owner, smtp_server):
    configure_email(
        owner,
        host="127.0.0.1",
        port=smtp_server.port,
        from_address="alerts@acme.example",
        username=SMTP_USER,
    )

    result = send_test_message(owner, "email", EMAIL_TO)

    assert result.ok is False
    assert "does not verify" in result.detail


def test_test_message_reaches_both_channels(owner, smtp_server):
    email = send_test_message(owner, "email", EMAIL_TO)
    whatsapp = send_test_message(owner, "whatsapp", "+91 98765 43210")

    assert email.ok, email.detail
    assert whatsapp.ok, whatsapp.detail
    assert whatsapp.detail == "wamid.test1"
    assert "Test alert" in smtp_server.received[0].content


def test_channel_secrets_encrypted_at_rest(owner):
    with owner.store.read(owner.tenant_id) as session:
        rows = {row.channel: row for row in session.scalars(select(AlertChannel)).all()}

    email_secret = rows["email"].secret_encrypted
    whatsapp_secret = rows["whatsapp"].secret_encrypted
    assert SMTP_PASSWORD not in email_secret
    assert WHATSAPP_TOKEN not in whatsapp_secret
    assert owner.store.secrets.decrypt(email_secret) == SMTP_PASSWORD
    assert owner.store.secrets.decrypt(whatsapp_secret) == WHATSAPP_TOKEN
    assert SMTP_PASSWORD not in str(rows["email"].settings)


def backlog(count, start=0):
    rows = [
        {
            "account_id": "acc-1",
            "shipment_id": f"SHIP-{number:03d}",
            "sla_status": "open",
            "dispatch_by": NOW + timedelta(hours=1 + number / 100),
        }
        for number in range(start, start + count)
    ]
    return WarehouseRows(sla_shipments=rows)


def test_backlog_is_one_message(owner, smtp_server, whatsapp_api):
    stand_in, _base_url = whatsapp_api

    report = run_alerts(owner, backlog(44), NOW)

    assert report.raised == 44
    assert report.dispatch.sent == 2
    assert len(list_inbox(owner)) == 44
    assert len(smtp_server.received) == 1
    assert len(stand_in.requests) == 1
    deliveries = list_deliveries(owner)
    assert [(view.kind, view.alert_count) for view in deliveries] == [
        ("pending_dispatch", 44),
        ("pending_dispatch", 44),
    ]


def test_digest_lists_first_ten(owner, smtp_server, whatsapp_api):
    stand_in, _base_url = whatsapp_api

    run_alerts(owner, backlog(44), NOW)

    email = message_from_string(smtp_server.received[0].content, policy=default_policy)
    text = email.get_content()
    listed = [line for line in text.splitlines() if re.match(r"[0-9]+\. ", line)]
    assert email["Subject"] == "[SellerOps] Pending dispatch: 44 new alerts"
    assert text.startswith("44 new alerts (Pending dispatch).")
    assert len(listed) == 10
    assert listed[0].startswith("1. Shipment SHIP-000 ")
    assert listed[9].startswith("10. Shipment SHIP-009 ")
    assert "SHIP-010" not in text
    assert "...and 34 more" in text
    parameters = stand_in.requests[0]["body"]["template"]["components"][0]["parameters"]
    assert parameters[0]["text"] == "[SellerOps] Pending dispatch: 44 new alerts"
    assert "10. Shipment SHIP-009" in parameters[1]["text"]


def test_digest_puts_critical_first(owner, smtp_server):
    rows = backlog(3)
    overdue = {**rows.sla_shipments[2], "dispatch_by": NOW - timedelta(hours=2)}
    rows = WarehouseRows(sla_shipments=[*rows.sla_shipments[:2], overdue])

    run_alerts(owner, rows, NOW)

    text = message_from_string(smtp_server.received[0].content, policy=default_policy)
    body = text.get_content()
    assert body.startswith("3 new alerts (Pending dispatch), 1 critical.")
    assert "1. Shipment SHIP-002 is not ready to dispatch (2.0 h overdue)" in body


def test_digest_keeps_condition_dedup(owner, smtp_server, whatsapp_api):
    stand_in, _base_url = whatsapp_api

    first = run_alerts(owner, backlog(44), NOW)
    again = run_alerts(owner, backlog(45), NOW + timedelta(hours=1))

    assert first.raised == 44
    assert again.raised == 1
    assert again.dispatch.sent == 2
    assert len(smtp_server.received) == 2
    assert len(stand_in.requests) == 2
    single = message_from_string(smtp_server.received[1].content, policy=default_policy)
    assert single["Subject"].startswith("[SellerOps] Shipment SHIP-044 is not ready")


def test_digest_one_message_per_kind(owner, smtp_server):
    stock = [
        {
            "sku": f"SKU-{number}",
            "location_id": "LOC1",
            "available": 0,
            "days_of_cover": None,
            "reorder_quantity": 5,
            "is_low_stock": True,
            "is_out_of_stock": True,
        }
        for number in range(3)
    ]
    rows = WarehouseRows(sla_shipments=backlog(5).sla_shipments, stock_cover=stock)

    report = run_alerts(owner, rows, NOW)

    subjects = sorted(
        message_from_string(email.content, policy=default_policy)["Subject"]
        for email in smtp_server.received
    )
    assert report.raised == 8
    assert report.dispatch.sent == 4
    assert subjects == [
        "[SellerOps] Low stock: 3 new alerts",
        "[SellerOps] Pending dispatch: 5 new alerts",
    ]


def test_deliveries_of_one_alert(owner, smtp_server):
    run_alerts(owner, backlog(3), NOW)
    alert_id = list_inbox(owner)[0].id

    views = list_deliveries(owner, alert_id=alert_id)

    assert sorted(view.channel for view in views) == ["email", "whatsapp"]
    assert {view.alert_count for view in views} == {3}
