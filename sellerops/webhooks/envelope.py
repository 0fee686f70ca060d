"""Parse a notification body into Flipkart's envelope and derive its de-duplication key."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from sellerops.webhooks.events import is_actionable

# Column lengths of `webhook_events`.
MAX_EVENT_TYPE_LENGTH = 64
MAX_ENTITY_ID_LENGTH = 100
MAX_LOCATION_ID_LENGTH = 64


class MalformedBodyError(ValueError):
    """The body is not JSON (`status` 400) or not a notification envelope (`status` 422)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class Envelope(BaseModel):
    """The fields every notification shares; other fields are kept in the stored payload.

    `timestamp` is optional because legacy v2 notifications are not documented to carry it.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    event_type: str = Field(alias="eventType", min_length=1, max_length=MAX_EVENT_TYPE_LENGTH)
    source: str | None = None
    version: str | None = None
    timestamp: AwareDatetime | None = None
    location_id: str | None = Field(None, alias="locationId", max_length=MAX_LOCATION_ID_LENGTH)
    shipment_id: str | None = Field(None, alias="shipmentId", max_length=MAX_ENTITY_ID_LENGTH)
    return_id: str | None = Field(None, alias="returnId", max_length=MAX_ENTITY_ID_LENGTH)
    attributes: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True)
class ParsedEvent:
    """A valid notification: its envelope, the JSON object received and its unique key."""

    envelope: Envelope
    payload: dict[str, Any]
    event_key: str

    @property
    def entity_id(self) -> str | None:
        """The shipment or return the event is about, when the envelope names one."""
        return self.envelope.shipment_id or self.envelope.return_id

    @property
    def event_at(self) -> datetime | None:
        return self.envelope.timestamp

    @property
    def is_actionable(self) -> bool:
        return is_actionable(self.envelope.event_type)


def event_key(payload: dict[str, Any]) -> str:
    """Return the SHA-256 of the payload's canonical JSON (sorted keys, no spaces).

    Flipkart's envelope carries no event id. A redelivery repeats the same JSON object, so
    its key matches the first delivery's even when the sender reorders keys or whitespace.
    """
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_notification(body: bytes) -> ParsedEvent:
    """Parse a notification body; raise MalformedBodyError naming what is wrong."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedBodyError(f"Body is not JSON: {error}", status=400) from None
    if not isinstance(payload, dict):
        raise MalformedBodyError(
            f"Body is a JSON {type(payload).__name__}; expected an object with eventType.",
            status=422,
        )

    try:
        envelope = Envelope.model_validate(payload)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or 'body'}: {problem['msg']}"
            for problem in error.errors()
        )
        raise MalformedBodyError(f"Body is not a notification envelope: {problems}", 422) from None
    return ParsedEvent(envelope, payload, event_key(payload))
