"""The message a channel sends, its attachments, the sender interface and the delivery error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

# A MIME type as "type/subtype" (RFC 2045 tokens), without parameters such as a charset.
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$")


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message; `media_type` is its MIME type, such as "application/pdf"."""

    file_name: str
    media_type: str
    content: bytes

    def __post_init__(self) -> None:
        if not self.file_name.strip() or any(c in self.file_name for c in "\r\n/\\"):
            raise ValueError(
                f"Attachment file name {self.file_name!r} is invalid; give a bare file name "
                f"such as report.pdf."
            )
        if not _MEDIA_TYPE.fullmatch(self.media_type):
            raise ValueError(
                f"Attachment {self.file_name!r} has an invalid MIME type {self.media_type!r}; "
                f"give one such as application/pdf or text/csv."
            )


@dataclass(frozen=True)
class Message:
    """One alert or report as the channels render it.

    `subject` is the email subject and the first WhatsApp template parameter; `text` is the
    email body and the second parameter. Only email carries `attachments`.
    """

    subject: str
    text: str
    attachments: tuple[Attachment, ...] = ()


class DeliveryError(Exception):
    """A channel failed to deliver a message.

    `is_transient` is True when a later attempt may succeed (a refused or dropped connection,
    a timeout, an SMTP 4xx reply, an HTTP 429 or 5xx); False when only a change of settings
    or of the message can fix it (rejected credentials, an invalid recipient, a missing
    template, attachments on a channel without them).
    """

    def __init__(self, message: str, *, is_transient: bool) -> None:
        super().__init__(message)
        self.is_transient = is_transient


class Sender(Protocol):
    """A configured channel: sends one message to one address, returns the provider's id."""

    def send(self, recipient: str, message: Message) -> str: ...
