"""The Alerts page and the alert-channel section of Settings, per role, through the real login.

Alerts are recorded by the outbox into the shared tenant; each test raises its own, with
condition keys no other test uses. The channel tests send through a local SMTP server with
STARTTLS and a local stand-in for the WhatsApp Cloud API, both on 127.0.0.1.
"""

import importlib.util
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import EMPTY_TENANT, navigation_titles

from sellerops.alerts import AlertCandidate, AlertKind, Severity
from sellerops.errors import PermissionDeniedError
from sellerops.notify.outbox import record_alerts
from sellerops.security.permissions import Role
from sellerops.services.actor import act_as
from sellerops.services.alert_channels import (
    configure_email,
    configure_whatsapp,
    list_channels,
    send_test_message,
)
from sellerops.services.alerts import list_inbox
from streamlit_app.components.sidebar import ACCOUNT_KEY, ACCOUNTS_KEY

PAGE = "alerts"
SETTINGS = "settings"
NOTIFY_SERVERS = Path(__file__).resolve().parents[1] / "sellerops" / "notify" / "notify_servers.py"


def load_notify_servers():
    """Load the local SMTP and WhatsApp servers of the notify tests by path.

    The test folders are not packages, so the module cannot be imported by name from here.
    """
    spec = importlib.util.spec_from_file_location("notify_servers", NOTIFY_SERVERS)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("notify_servers", module)
    spec.loader.exec_module(module)
    return module


servers = load_notify_servers()


def raise_alerts(actor, *candidates):
    """Record `candidates` in the actor's tenant as an evaluation would; return their ids."""
    with actor.store.write(actor.tenant_id) as session:
        alerts = record_alerts(session, actor.tenant_id, candidates, datetime.now(UTC))
        return [alert.id for alert in alerts]


def late_shipment(account_id, severity=Severity.WARNING):
    shipment_id = f"SHIP-{uuid.uuid4().hex[:8].upper()}"
    return AlertCandidate(
        AlertKind.PENDING_DISPATCH,
        f"pending_dispatch:{account_id}:{shipment_id}",
        severity,
        f"Shipment {shipment_id} is not ready to dispatch (2.0 h left)",
        "Mark it ready to dispatch before its dispatch-by time.",
        account_id=account_id,
    )


def low_stock():
    sku = f"SKU-{uuid.uuid4().hex[:8].upper()}"
    return AlertCandidate(
        AlertKind.LOW_STOCK,
        f"low_stock:{sku}:LOC1",
        Severity.CRITICAL,
        f"Out of stock: {sku} at LOC1",
        "0 units available; reorder 10 units.",
    )


def texts(at):
    return [element.value for element in at.markdown]


def shows(at, title):
    return any(title in text for text in texts(at))


@pytest.fixture
def alerts(dashboard):
    owner = dashboard.actors[Role.OWNER]
    candidates = [late_shipment(dashboard.account_ids[0]), low_stock()]
    ids = raise_alerts(owner, *candidates)
    return dict(zip(ids, (candidate.title for candidate in candidates), strict=True))


@pytest.mark.parametrize("role", list(Role))
def test_inbox_every_role(logged_in_app, dashboard, alerts, role):
    elsewhere = late_shipment("acc-elsewhere")
    other_owner = act_as(dashboard.store, EMPTY_TENANT, f"owner@{EMPTY_TENANT}.example")
    raise_alerts(other_owner, elsewhere)
    (read_id, kept_id) = alerts

    at = logged_in_app(role, page=PAGE)
    assert not at.exception, at.exception
    assert "Alerts" in navigation_titles(at)
    assert at.header[0].value == "Alerts"
    for title in alerts.values():
        assert shows(at, title), f"{title!r} is missing for {role}"
    assert not shows(at, elsewhere.title)

    at.button(key=f"inbox_read_{read_id}").click().run()

    assert not at.exception, at.exception
    assert not shows(at, alerts[read_id])
    assert shows(at, alerts[kept_id])
    unread = {alert.id for alert in list_inbox(dashboard.actors[Role.OWNER], unread_only=True)}
    assert read_id not in unread
    assert kept_id in unread


def test_inbox_read_items_shown_on_request(logged_in_app, dashboard, alerts):
    owner = dashboard.actors[Role.OWNER]
    at = logged_in_app(Role.VIEWER, page=PAGE)

    at.button(key="inbox_read_all").click().run()
    emptied = [element.value for element in at.info]
    at.toggle(key="inbox_unread_only").set_value(False).run()

    assert not at.exception, at.exception
    assert list_inbox(owner, unread_only=True) == []
    assert any("No alerts match" in text for text in emptied)
    for title in alerts.values():
        assert shows(at, title)
    assert not any(button.key.startswith("inbox_read_") for button in at.button)


def test_inbox_kind_filter(logged_in_app, alerts):
    shipment_title, stock_title = alerts.values()
    at = logged_in_app(Role.PACKER, page=PAGE)

    at.selectbox(key="inbox_kind").set_value("Low stock").run()

    assert shows(at, stock_title)
    assert not shows(at, shipment_title)


def test_inbox_follows_account_switcher(logged_in_app, dashboard):
    first, second = dashboard.account_ids[:2]
    mine, theirs, tenant_wide = late_shipment(first), late_shipment(second), low_stock()
    raise_alerts(dashboard.actors[Role.OWNER], mine, theirs, tenant_wide)
    at = logged_in_app(Role.MANAGER, page=PAGE)
    labels = {account_id: label for label, account_id in at.session_state[ACCOUNTS_KEY].items()}

    at.sidebar.selectbox(key=ACCOUNT_KEY).set_value(labels[first]).run()

    assert not at.exception, at.exception
    assert shows(at, mine.title)
    assert shows(at, tenant_wide.title)
    assert not shows(at, theirs.title)


@pytest.fixture
def smtp_server(tmp_path):
    certificate = servers.write_certificate(tmp_path)
    with servers.SmtpServer(*certificate) as server:
        server.certificate = certificate[0]
        yield server


@pytest.fixture
def whatsapp_api():
    stand_in = servers.WhatsAppStandIn()
    with servers.UvicornThread(stand_in.app) as server:
        yield stand_in, server.base_url


def messages(at):
    return [element.value for element in (*at.success, *at.error)]


def channel_table(at):
    """Return the alert-channel table among the page's tables."""
    tables = [table.value for table in at.dataframe]
    return next(table for table in tables if list(table.columns) == ["Channel", "State", "Secret"])


def page_texts(at):
    """Return every text the page shows or contains in a field, and the channel table as CSV."""
    elements = (*at.markdown, *at.caption, *at.success, *at.error, *at.info, *at.text_input)
    return [str(element.value) for element in elements] + [channel_table(at).to_csv()]


def test_owner_sets_up_email(logged_in_app, dashboard, smtp_server):
    at = logged_in_app(Role.OWNER, page=SETTINGS)
    at.text_input(key="alert_email_host").set_value("127.0.0.1")
    at.number_input(key="alert_email_port").set_value(smtp_server.port)
    at.text_input(key="alert_email_from").set_value("alerts@shop.example")
    at.text_input(key="alert_email_username").set_value(servers.SMTP_USER)
    at.text_input(key="alert_email_password").set_value(servers.SMTP_PASSWORD)
    at.text_input(key="alert_email_ca_file").set_value(str(smtp_server.certificate))

    at.button(key="alert_email_save").click().run()
    saved = messages(at)
    status = channel_table(at)
    at.text_input(key="alert_email_test_to").set_value("ops@shop.example")
    at.button(key="alert_email_test").click().run()

    assert not at.exception, at.exception
    assert "Email channel saved and enabled." in saved
    email = next(
        view for view in list_channels(dashboard.actors[Role.OWNER]) if view.channel == "email"
    )
    assert email.is_enabled
    assert email.has_secret
    assert list(status["Secret"]) == ["SMTP password set", "Access token not set"]
    assert at.text_input(key="alert_email_password").value == ""
    assert any("Test message sent" in text for text in messages(at))
    assert len(smtp_server.received) == 1
    assert "Test alert" in smtp_server.received[0].content
    assert servers.SMTP_PASSWORD not in " ".join(page_texts(at))


def test_owner_sets_up_whatsapp(logged_in_app, dashboard, whatsapp_api):
    stand_in, base_url = whatsapp_api
    at = logged_in_app(Role.OWNER, page=SETTINGS)
    at.text_input(key="alert_whatsapp_phone_number_id").set_value("106540352242922")
    at.text_input(key="alert_whatsapp_template").set_value("sellerops_alert")
    at.text_input(key="alert_whatsapp_token").set_value(servers.WHATSAPP_TOKEN)
    at.text_input(key="alert_whatsapp_base_url").set_value(base_url)

    at.button(key="alert_whatsapp_save").click().run()
    saved = messages(at)
    at.text_input(key="alert_whatsapp_test_to").set_value("+91 98765 43210")
    at.button(key="alert_whatsapp_test").click().run()

    assert not at.exception, at.exception
    assert "WhatsApp channel saved and enabled." in saved
    assert [request["body"]["to"] for request in stand_in.requests] == ["919876543210"]
    assert "Test message sent (message id wamid.test1)." in messages(at)
    assert servers.WHATSAPP_TOKEN not in " ".join(page_texts(at))


def test_owner_bad_input_shown(logged_in_app):
    at = logged_in_app(Role.OWNER, page=SETTINGS)
    at.text_input(key="alert_email_host").set_value("127.0.0.1")
    at.text_input(key="alert_email_from").set_value("not-an-address")

    at.button(key="alert_email_save").click().run()

    assert not at.exception, at.exception
    assert any("Email address 'not-an-address' is invalid" in text for text in messages(at))


def test_manager_tests_but_cannot_configure(logged_in_app, dashboard):
    manager = dashboard.actors[Role.MANAGER]
    at = logged_in_app(Role.MANAGER, page=SETTINGS)
    keys = {widget.key for widget in at.text_input}

    assert not at.exception, at.exception
    assert "alert_email_host" not in keys
    assert "alert_whatsapp_token" not in keys
    assert "alert_email_test_to" in keys
    assert any("Only the tenant's owner" in caption.value for caption in at.caption)
    with pytest.raises(PermissionDeniedError):
        configure_email(manager, host="127.0.0.1", from_address="alerts@shop.example")


@pytest.mark.parametrize("role", [Role.ACCOUNTANT, Role.PACKER, Role.VIEWER])
def test_other_roles_see_channel_state_only(logged_in_app, dashboard, role):
    actor = dashboard.actors[role]
    at = logged_in_app(role, page=SETTINGS)
    keys = {widget.key for widget in at.text_input}
    buttons = {button.key for button in at.button}

    assert not at.exception, at.exception
    assert not any(key and key.startswith("alert_") for key in keys)
    assert "alert_email_test" not in buttons
    assert list(channel_table(at)["Channel"]) == ["Email", "WhatsApp"]
    with pytest.raises(PermissionDeniedError):
        send_test_message(actor, "email", "ops@shop.example")
    with pytest.raises(PermissionDeniedError):
        configure_whatsapp(
            actor, phone_number_id="106540352242922", template_name="sellerops_alert"
        )
