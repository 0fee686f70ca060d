"""Attachments of a message: sent as MIME parts by email, rejected by WhatsApp."""

from email import message_from_string
from email.policy import default as default_policy

import pytest
from notify_servers import SMTP_PASSWORD, SMTP_USER, WHATSAPP_TOKEN

from sellerops.notify.delivery import Attachment, DeliveryError, Message
from sellerops.notify.email import EmailSender, EmailSettings
from sellerops.notify.whatsapp import WhatsAppSender, WhatsAppSettings

# Bytes that are not UTF-8, so a text round trip would change them.
PDF = b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n%%EOF\n"
CSV = "date,orders,net_sales\n2026-11-23,14,\u20b9 1234.50\n".encode()


@pytest.fixture
def email_sender(smtp_server, certificate) -> EmailSender:
    settings = EmailSettings(
        host="127.0.0.1",
        port=smtp_server.port,
        from_address="reports@acme.example",
        username=SMTP_USER,
        ca_file=str(certificate[0]),
    )
    return EmailSender(settings, SMTP_PASSWORD)


def received_message(smtp_server):
    (received,) = smtp_server.received
    return message_from_string(received.content, policy=default_policy)


def test_email_carries_attachments(email_sender, smtp_server):
    message = Message(
        subject="Weekly report",
        text="Orders: 14",
        attachments=(
            Attachment("weekly.pdf", "application/pdf", PDF),
            Attachment("weekly.csv", "text/csv", CSV),
        ),
    )

    message_id = email_sender.send("ops@acme.example", message)

    email = received_message(smtp_server)
    parts = list(email.iter_attachments())
    assert email["Message-ID"] == message_id
    assert email.get_body(preferencelist=("plain",)).get_content().strip() == "Orders: 14"
    assert [part.get_filename() for part in parts] == ["weekly.pdf", "weekly.csv"]
    assert [part.get_content_type() for part in parts] == ["application/pdf", "text/csv"]
    assert parts[0].get_payload(decode=True) == PDF
    assert parts[1].get_payload(decode=True) == CSV


def test_email_without_attachments_single_part(email_sender, smtp_server):
    email_sender.send("ops@acme.example", Message("Low stock", "SKU-1 has 2 left."))

    email = received_message(smtp_server)
    assert not email.is_multipart()
    assert email.get_content_type() == "text/plain"
    assert email.get_content().strip() == "SKU-1 has 2 left."


def test_whatsapp_rejects_attachments(whatsapp_api):
    stand_in, base_url = whatsapp_api
    settings = WhatsAppSettings(
        phone_number_id="1065", template_name="sellerops_alert", base_url=base_url
    )
    message = Message("Report", "Body", (Attachment("weekly.pdf", "application/pdf", PDF),))

    with pytest.raises(DeliveryError, match=r"cannot carry attachments \(weekly\.pdf\)") as raised:
        WhatsAppSender(settings, WHATSAPP_TOKEN).send("919876543210", message)

    assert not raised.value.is_transient
    assert stand_in.requests == []


@pytest.mark.parametrize(
    ("file_name", "media_type", "expected"),
    [
        ("weekly.pdf", "pdf", "invalid MIME type 'pdf'"),
        ("weekly.pdf", "application/pdf; charset=x", "invalid MIME type"),
        ("weekly.pdf", "application/pdf\n", "invalid MIME type"),
        ("", "application/pdf", "file name '' is invalid"),
        ("../weekly.pdf", "application/pdf", "file name '../weekly.pdf' is invalid"),
        ("weekly\r\n.pdf", "application/pdf", "file name"),
    ],
)
def test_attachment_rejects_bad_values(file_name, media_type, expected):
    with pytest.raises(ValueError, match=expected):
        Attachment(file_name, media_type, PDF)
