"""Email over SMTP with STARTTLS (`smtplib`) for alerts and scheduled reports.

Credentials are sent only over TLS.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sellerops.notify.delivery import DeliveryError, Message

logger = logging.getLogger(__name__)

DEFAULT_PORT = 587
TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class EmailSettings:
    """An SMTP submission server and the sender address.

    `ca_file` names a PEM bundle to trust instead of the system's certificate authorities,
    for a server with a private certificate.
    """

    host: str
    from_address: str
    port: int = DEFAULT_PORT
    username: str = ""
    ca_file: str | None = None
    timeout_seconds: float = TIMEOUT_SECONDS


class EmailSender:
    """Sends each message in its own SMTP session: connect, STARTTLS, log in, send, quit."""

    def __init__(self, settings: EmailSettings, password: str) -> None:
        self.settings = settings
        self._password = password

    def __repr__(self) -> str:
        return f"EmailSender(host={self.settings.host!r}, port={self.settings.port})"

    def send(self, recipient: str, message: Message) -> str:
        """Send `message` and its attachments to `recipient` and return the Message-ID.

        Raises `DeliveryError`, transient for SMTP 4xx replies and network failures.
        """
        settings = self.settings
        email = compose(settings, recipient, message)

        where = f"SMTP server {settings.host}:{settings.port}"
        try:
            with smtplib.SMTP(
                settings.host, settings.port, timeout=settings.timeout_seconds
            ) as smtp:
                smtp.ehlo()
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(
                        f"{where} does not offer STARTTLS; use its submission port (usually 587).",
                        is_transient=False,
                    )
                context = ssl.create_default_context(cafile=settings.ca_file)
                smtp.starttls(context=context)
                smtp.ehlo()
                if settings.username:
                    smtp.login(settings.username, self._password)
                smtp.send_message(email)
        except smtplib.SMTPAuthenticationError as error:
            raise DeliveryError(
                f"{where} rejected the login of {settings.username!r} ({error.smtp_code}); "
                f"check the user name and password in the email channel settings.",
                is_transient=False,
            ) from None
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            raise DeliveryError(
                f"{where} refused the recipient ({code} {_text(reply)}).",
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

        logger.info(
            "Sent email through %s:%s with %d attachment(s), %d bytes",
            settings.host,
            settings.port,
            len(message.attachments),
            sum(len(attachment.content) for attachment in message.attachments),
        )
        return email["Message-ID"]


def compose(settings: EmailSettings, recipient: str, message: Message) -> EmailMessage:
    """Build the MIME message to one recipient: the text as body, then each attachment."""
    email = EmailMessage()
    email["From"] = settings.from_address
    email["To"] = recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=settings.from_address.rpartition("@")[2] or None)
    email.set_content(message.text)
    for attachment in message.attachments:
        main_type, _, sub_type = attachment.media_type.partition("/")
        email.add_attachment(
            attachment.content,
            maintype=main_type,
            subtype=sub_type,
            filename=attachment.file_name,
        )
    return email


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
