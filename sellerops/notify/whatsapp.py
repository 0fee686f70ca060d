"""WhatsApp alerts as template messages through the WhatsApp Business Cloud API.

The request is `POST {base_url}/{api_version}/{phone_number_id}/messages` with a bearer
token and a JSON body of `messaging_product` "whatsapp", `type` "template" and the template's
name, language and body parameters, as Meta's Cloud API reference documents it. Business-
initiated messages must use an approved template; this one has two body parameters, the
alert's subject and its text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import httpx

from sellerops.notify.delivery import DeliveryError, Message

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://graph.facebook.com"
DEFAULT_API_VERSION = "v21.0"
TIMEOUT_SECONDS = 15.0
# Template parameters may not contain newlines, tabs or more than four spaces in a row, so
# whitespace is collapsed. NOTE: the cut at 1000 characters is a guess that keeps a message
# short; the whole template body has a length limit that this code does not check.
MAX_PARAMETER_LENGTH = 1000
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class WhatsAppSettings:
    """A WhatsApp Business phone number and the approved template that alerts use."""

    phone_number_id: str
    template_name: str
    language_code: str = "en"
    base_url: str = DEFAULT_BASE_URL
    api_version: str = DEFAULT_API_VERSION
    timeout_seconds: float = TIMEOUT_SECONDS

    @property
    def messages_url(self) -> str:
        """The endpoint that sends messages from this phone number."""
        return f"{self.base_url.rstrip('/')}/{self.api_version}/{self.phone_number_id}/messages"


def template_body(settings: WhatsAppSettings, recipient: str, message: Message) -> dict[str, Any]:
    """Build the JSON body of a template message to `recipient` (digits with country code)."""
    parameters = [
        {"type": "text", "text": _parameter(message.subject)},
        {"type": "text", "text": _parameter(message.text)},
    ]
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": recipient,
        "type": "template",
        "template": {
            "name": settings.template_name,
            "language": {"code": settings.language_code},
            "components": [{"type": "body", "parameters": parameters}],
        },
    }


class WhatsAppSender:
    """Sends template messages with one HTTP request each."""

    def __init__(self, settings: WhatsAppSettings, access_token: str) -> None:
        self.settings = settings
        self._token = access_token

    def __repr__(self) -> str:
        return f"WhatsAppSender(url={self.settings.messages_url!r})"

    def send(self, recipient: str, message: Message) -> str:
        """Send `message` to `recipient`; return WhatsApp's message id or raise `DeliveryError`.

        The alert template has text parameters only, so a message with attachments is
        rejected before any request is sent.
        """
        if message.attachments:
            names = ", ".join(attachment.file_name for attachment in message.attachments)
            raise DeliveryError(
                f"WhatsApp alerts cannot carry attachments ({names}); send this message by "
                f"email instead.",
                is_transient=False,
            )
        url = self.settings.messages_url
        body = template_body(self.settings, recipient, message)
        headers = {"Authorization": f"Bearer {self._token}"}
        try:
            response = httpx.post(
                url, json=body, headers=headers, timeout=self.settings.timeout_seconds
            )
        except httpx.InvalidURL as error:
            # Not an HTTPError: httpx raises it before sending, for a base URL stored unchecked.
            raise DeliveryError(
                f"WhatsApp API URL {url!r} is invalid ({error}); set the channel's base URL again.",
                is_transient=False,
            ) from None
        except httpx.HTTPError as error:
            raise DeliveryError(
                f"WhatsApp API at {url} failed: {error}", is_transient=True
            ) from None

        logger.info("WhatsApp API POST %s returned HTTP %s", url, response.status_code)
        if response.status_code == 429 or response.status_code >= 500:
            raise DeliveryError(
                f"WhatsApp API at {url} returned HTTP {response.status_code}: "
                f"{_error_text(response)}",
                is_transient=True,
            )
        if response.status_code >= 400:
            raise DeliveryError(
                f"WhatsApp API at {url} rejected the message ({response.status_code}): "
                f"{_error_text(response)}; check the token, phone number id and template.",
                is_transient=False,
            )
        try:
            return str(response.json()["messages"][0]["id"])
        except (ValueError, KeyError, IndexError, TypeError):
            raise DeliveryError(
                f"WhatsApp API at {url} returned HTTP {response.status_code} without a message id.",
                is_transient=True,
            ) from None


def _parameter(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()[:MAX_PARAMETER_LENGTH]


def _error_text(response: httpx.Response) -> str:
    try:
        error = response.json()["error"]
        return f"{error.get('message', '')} (code {error.get('code')})"
    except (ValueError, KeyError, TypeError):
        return response.text[:200]
