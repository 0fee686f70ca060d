"""Key rotation re-encrypts the channel secrets, and email still logs in to the SMTP server."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from factories import PASSWORD, new_tenant
from notify_servers import SMTP_PASSWORD, SMTP_USER, WHATSAPP_TOKEN

from sellerops.models import AlertChannel
from sellerops.security.keyfile import read_key_file
from sellerops.services import login, rotate_secret_key
from sellerops.services.alert_channels import configure_email, configure_whatsapp, send_test_message
from sellerops.store import Store


def stored_secrets(store, tenant_id):
    with store.read(tenant_id) as session:
        rows = session.query(AlertChannel).all()
        return {row.channel: row.secret_encrypted for row in rows}


def test_rotation_keeps_email_login(store, smtp_server, certificate):
    owner = new_tenant(store, "acme")
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
        base_url="http://127.0.0.1:9",
    )
    (old_key,) = read_key_file(store.settings.resolved_key_file)
    before = stored_secrets(store, owner.tenant_id)

    rotate_secret_key(store, "operator:test")

    (new_key,) = read_key_file(store.settings.resolved_key_file)
    after = stored_secrets(store, owner.tenant_id)
    assert new_key != old_key
    assert after["email"] != before["email"]
    assert after["whatsapp"] != before["whatsapp"]
    assert Fernet(new_key).decrypt(after["email"].encode()).decode() == SMTP_PASSWORD
    assert Fernet(new_key).decrypt(after["whatsapp"].encode()).decode() == WHATSAPP_TOKEN
    with pytest.raises(InvalidToken):
        Fernet(old_key).decrypt(after["email"].encode())

    # A process started after the rotation reads only the new key from the key file.
    restarted = Store.open(store.settings)
    try:
        actor = login(restarted, "acme", "owner@acme.example", PASSWORD)
        result = send_test_message(actor, "email", "ops@acme.example")
    finally:
        restarted.close()
    assert result.ok, result.detail
    assert len(smtp_server.received) == 1
    assert "Test alert" in smtp_server.received[0].content
