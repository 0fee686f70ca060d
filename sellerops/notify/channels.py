"""Channel names, recipient address checks, and senders built from stored channel settings."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerops.errors import InvalidInputError
from sellerops.models import AlertChannel
from sellerops.notify.delivery import Sender
from sellerops.notify.email import EmailSender, EmailSettings
from sellerops.notify.whatsapp import WhatsAppSender, WhatsAppSettings
from sellerops.security.secrets import SecretBox


class Channel(StrEnum):
    """A way to deliver alerts; the in-app inbox needs no recipient and is always on."""

    EMAIL = "email"
    WHATSAPP = "whatsapp"


CHANNEL_NAMES = ", ".join(channel.value for channel in Channel)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# E.164: a country code and number, 8 to 15 digits in all, sent to WhatsApp without the "+".
_PHONE = re.compile(r"^[1-9][0-9]{7,14}$")


def parse_channel(text: str) -> Channel:
    """Return the channel named `text`; raises `InvalidInputError` listing the channels."""
    try:
        return Channel(text.strip().lower())
    except ValueError:
        raise InvalidInputError(f"Unknown channel {text!r}; use one of: {CHANNEL_NAMES}.") from None


def normalize_address(channel: Channel, address: str) -> str:
    """Return `address` in stored form; raises `InvalidInputError` naming it and the form."""
    text = address.strip()
    if channel is Channel.EMAIL:
        if not _EMAIL.match(text) or len(text) > 320:
            raise InvalidInputError(
                f"Email address {text!r} is invalid; give one such as ops@example.com."
            )
        return text.lower()
    digits = re.sub(r"[\s()+-]", "", text)
    if not _PHONE.match(digits):
        raise InvalidInputError(
            f"WhatsApp number {text!r} is invalid; give the country code and number, such as "
            f"+91 98765 43210."
        )
    return digits


def email_settings(values: dict[str, Any]) -> EmailSettings:
    """Build `EmailSettings` from a stored settings dict."""
    return EmailSettings(
        host=values["host"],
        port=int(values["port"]),
        from_address=values["from_address"],
        username=values.get("username", ""),
        ca_file=values.get("ca_file"),
    )


def whatsapp_settings(values: dict[str, Any]) -> WhatsAppSettings:
    """Build `WhatsAppSettings` from a stored settings dict."""
    return WhatsAppSettings(**values)


def build_sender(row: AlertChannel, secrets: SecretBox) -> Sender:
    """Build the sender of one stored channel, decrypting its secret."""
    secret = secrets.decrypt(row.secret_encrypted) if row.secret_encrypted else ""
    if row.channel == Channel.EMAIL:
        return EmailSender(email_settings(row.settings), secret)
    return WhatsAppSender(whatsapp_settings(row.settings), secret)


def enabled_senders(session: Session, secrets: SecretBox) -> dict[str, Sender]:
    """Return a sender per enabled channel of the session's tenant."""
    rows = session.scalars(select(AlertChannel).where(AlertChannel.is_enabled.is_(True))).all()
    return {row.channel: build_sender(row, secrets) for row in rows}


def rotate_channel_secrets(session: Session, secrets: SecretBox) -> int:
    """Re-encrypt every channel secret under the first key of `secrets`; return the count.

    For key rotation: `session` must be unscoped (the operator's) and `secrets` must hold
    both the new and the old keys.
    """
    count = 0
    for row in session.scalars(select(AlertChannel)).all():
        if row.secret_encrypted is not None:
            row.secret_encrypted = secrets.rotate(row.secret_encrypted)
            count += 1
    return count
