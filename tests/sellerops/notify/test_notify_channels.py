import pytest
from cryptography.fernet import Fernet
from factories import new_tenant
from sqlalchemy import select

from sellerops.errors import InvalidInputError
from sellerops.models import AlertChannel
from sellerops.notify.channels import Channel, normalize_address, rotate_channel_secrets
from sellerops.notify.delivery import DeliveryError, Message
from sellerops.notify.whatsapp import WhatsAppSender, WhatsAppSettings, template_body
from sellerops.security.secrets import SecretBox, load_keys
from sellerops.services import list_audit_entries
from sellerops.services.alert_channels import (
    configure_email,
    configure_whatsapp,
    send_test_message,
)
from sellerops.services.alerts import set_quiet_hours


@pytest.mark.parametrize(
    ("channel", "address", "expected"),
    [
        (Channel.EMAIL, " Ops@Acme.Example ", "ops@acme.example"),
        (Channel.WHATSAPP, "+91 98765-43210", "919876543210"),
        (Channel.WHATSAPP, "(91) 9876543210", "919876543210"),
    ],
)
def test_normalize_address_table(channel, address, expected):
    assert normalize_address(channel, address) == expected


def test_template_body_collapses_whitespace():
    settings = WhatsAppSettings(phone_number_id="1065", template_name="sellerops_alert")

    body = template_body(settings, "919876543210", Message("Low stock", "A\n\nB\t  C"))

    parameters = body["template"]["components"][0]["parameters"]
    assert parameters[1]["text"] == "A B C"
    assert settings.messages_url == "https://graph.facebook.com/v21.0/1065/messages"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"phone_number_id": "abc"}, "phone number id"),
        ({"template_name": "Alert Template"}, "template name"),
        ({"base_url": "ftp://example.com"}, "API base URL"),
        ({"api_version": "21"}, "API version"),
        # `$` of re.match also matches before a final newline, and every field must reject it.
        ({"phone_number_id": "1065\n"}, "phone number id"),
        ({"template_name": "sellerops_alert\n"}, "template name"),
        ({"language_code": "en\n"}, "language code"),
        ({"base_url": "http://127.0.0.1:9\n"}, "API base URL"),
        ({"api_version": "v21.0\n"}, "API version"),
        # Passes the pattern, but httpx cannot parse the port.
        ({"base_url": "http://[::1"}, "API base URL"),
        ({"phone_number_id": 1065}, "phone number id"),
    ],
)
def test_configure_whatsapp_rejects(store, options, message):
    owner = new_tenant(store, "acme")
    values = {"phone_number_id": "1065", "template_name": "sellerops_alert", **options}

    with pytest.raises(InvalidInputError, match=message):
        configure_whatsapp(owner, **values)


def test_configure_email_rejects_port(store):
    owner = new_tenant(store, "acme")

    with pytest.raises(InvalidInputError, match="SMTP port 0"):
        configure_email(owner, host="smtp.example.com", from_address="a@example.com", port=0)


@pytest.mark.parametrize("port", ["587", True, 587.0, None])
def test_configure_email_rejects_port_type(store, port):
    owner = new_tenant(store, "acme")

    with pytest.raises(InvalidInputError, match="SMTP port"):
        configure_email(owner, host="127.0.0.1", from_address="ops@example.com", port=port)


def test_test_message_bad_stored_url_fails(store):
    owner = new_tenant(store, "acme")
    configure_whatsapp(
        owner, phone_number_id="1065", template_name="sellerops_alert", access_token="token-0123"
    )
    # A base URL saved before the newline check; httpx raises InvalidURL for it.
    with store.write(owner.tenant_id) as session:
        row = session.get(AlertChannel, (owner.tenant_id, Channel.WHATSAPP.value))
        row.settings = {**row.settings, "base_url": "http://127.0.0.1:9\n"}

    result = send_test_message(owner, "whatsapp", "+91 98765 43210")

    assert not result.ok
    assert "invalid" in result.detail


def test_sender_invalid_url_not_transient():
    settings = WhatsAppSettings(
        phone_number_id="1065", template_name="sellerops_alert", base_url="http://[::1"
    )

    with pytest.raises(DeliveryError, match="invalid") as raised:
        WhatsAppSender(settings, "token-0123").send("919876543210", Message("Test", "Body"))

    assert not raised.value.is_transient


def test_quiet_hours_returned_normalized(store):
    owner = new_tenant(store, "acme")

    assert set_quiet_hours(owner, " 22:00 ", "07:00\n") == ("22:00", "07:00")
    entry = next(e for e in list_audit_entries(owner) if e.object_type == "alert_settings")
    assert entry.detail == {"quiet_start": "22:00", "quiet_end": "07:00"}
    assert set_quiet_hours(owner, None, None) is None


def test_rotation_reencrypts_channel_secret(store):
    owner = new_tenant(store, "acme")
    configure_email(
        owner,
        host="smtp.example.com",
        from_address="alerts@acme.example",
        username="alerts",
        password="smtp-password-0123",
    )
    old_keys, source = load_keys(store.settings, create=False)
    new_key = Fernet.generate_key().decode("ascii")

    with store.operator_write() as session:
        count = rotate_channel_secrets(session, SecretBox([new_key, *old_keys], source=source))
    with store.operator_read() as session:
        token = session.scalars(select(AlertChannel.secret_encrypted)).one()

    assert count == 1
    assert SecretBox([new_key], source="test").decrypt(token) == "smtp-password-0123"
