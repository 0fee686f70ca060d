"""Report emails: a short summary in the body, the PDF and the CSV attached, sent over SMTP.

The SMTP server, sender and password are the tenant's email alert channel
(`sellerops.notify.email.EmailSettings`), so reports need no settings of their own.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sellerops.notify.delivery import DeliveryError
from sellerops.notify.email import EmailSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    """A file attached to a report email."""

    file_name: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class ReportEmail:
    """The subject, plain-text body and attachments of one report email."""

    subject: str
    text: str
    attachments: tuple[Attachment, ...]


def compose(settings: EmailSettings, recipient: str, email: ReportEmail) -> EmailMessage:
    """Build the MIME message of a report email to one recipient."""
    message = EmailMessage()
    message["From"] = settings.from_address
    message["To"] = recipient
    message["Subject"] = email.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.from_address.rpartition("@")[2] or None)
    message.set_content(email.text)
    for attachment in email.attachments:
        main_type, _, sub_type = attachment.media_type.partition("/")
        message.add_attachment(
            attachment.content,
            maintype=main_type,
            subtype=sub_type,
            filename=attachment.file_name,
        )
    return message


def send_report_email(
    settings: EmailSettings, password: str, recipient: str, email: ReportEmail
) -> str:
    """Send a report email in its own SMTP session; return its Message-ID.

    The session is the alert channel's: STARTTLS is required, and the login is sent only over
    TLS. Raises `DeliveryError`, transient for 4xx replies and network failures.
    """
    # NOTE: this repeats the SMTP session of `sellerops.notify.email.EmailSender`, which
    # sends text only. Once its message type carries attachments, send through it instead.
    message = compose(settings, recipient, email)
    where = f"SMTP server {settings.host}:{settings.port}"
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds) as smtp:
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise DeliveryError(
                    f"{where} does not offer STARTTLS; use its submission port (usually 587).",
                    is_transient=False,
                )
            smtp.starttls(context=ssl.create_default_context(cafile=settings.ca_file))
            smtp.ehlo()
            if settings.username:
                smtp.login(settings.username, password)
            smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as error:
        raise DeliveryError(
            f"{where} rejected the login of {settings.username!r} ({error.smtp_code}); "
            f"check the user name and password of the email channel in Settings.",
            is_transient=False,
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        raise DeliveryError(
            f"{where} rejected the recipient ({code} {_text(reply)}).",
            is_transient=400 <= code < 500,
        ) from None
    except smtplib.SMTPResponseException as error:
        raise DeliveryError(
            f"{where} replied {error.smtp_code} {_text(error.smtp_error)}.",
            is_transient=400 <= error.smtp_code < 500,
        ) from None
    except ssl.SSLCertVerificationError as error:
        raise DeliveryError(
            f"{where} presented a certificate that does not verify ({error.verify_message}); "
            f"fix the server's certificate or set the CA file of the email channel.",
            is_transient=False,
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(f"{where} failed: {error}", is_transient=True) from None

    size = sum(len(attachment.content) for attachment in email.attachments)
    logger.info(
        "Sent report email through %s:%s with %d attachment(s), %d bytes",
        settings.host,
        settings.port,
        len(email.attachments),
        size,
    )
    return message["Message-ID"]


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
