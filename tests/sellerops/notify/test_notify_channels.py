import pytest
from cryptography.fernet import Fernet
from factories import new_tenant
from sqlalchemy import select

from sellerops.errors import InvalidInputError
from sellerops.models import AlertChannel
from sellerops.notify.channels import Channel, normalize_address, rotate_channel_secrets
from sellerops.notify.delivery import Message
from sellerops.notify.whatsapp import WhatsAppSettings, template_body
from sellerops.security.secrets import SecretBox, load_keys
from sellerops.services.alert_channels import configure_email, configure_whatsapp


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
