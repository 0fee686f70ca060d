"""The message a channel sends, the sender interface and the delivery error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Message:
    """One alert as the channels render it.

    `subject` is the email subject and the first WhatsApp template parameter; `text` is the
    email body and the second parameter.
    """

    subject: str
    text: str


class DeliveryError(Exception):
    """A channel failed to deliver a message.

    `is_transient` is True when a later attempt may succeed (a refused or dropped connection,
    a timeout, an SMTP 4xx reply, an HTTP 429 or 5xx); False when only a change of settings
    can fix it (rejected credentials, an invalid recipient, a missing template).
    """

    def __init__(self, message: str, *, is_transient: bool) -> None:
        super().__init__(message)
        self.is_transient = is_transient


class Sender(Protocol):
    """A configured channel: sends one message to one address, returns the provider's id."""

    def send(self, recipient: str, message: Message) -> str: ...
