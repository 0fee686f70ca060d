"""Parse a notification body into Flipkart's envelope and derive its de-duplication key."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from sellerops.webhooks.events import is_actionable

# Column lengths of `webhook_events`.
MAX_EVENT_TYPE_LENGTH = 64
MAX_ENTITY_ID_LENGTH = 100
MAX_LOCATION_ID_LENGTH = 64
# Documented notifications nest a few levels. The cap keeps storing and reading the payload
# (json.dumps and json.loads recurse per level) well clear of Python's recursion limit of 1000.
MAX_NESTING_DEPTH = 64


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

    @field_validator("timestamp")
    @classmethod
    def _timestamp_in_utc_range(cls, value: datetime | None) -> datetime | None:
        # An offset can push a valid local time out of Python's range once shifted to UTC,
        # and the store keeps UTC.
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise ValueError(
                f"timestamp {value.isoformat()} is outside years 1 to 9999 in UTC"
            ) from None

    @field_validator("event_type", "location_id", "shipment_id", "return_id")
    @classmethod
    def _no_nul_character(cls, value: str | None) -> str | None:
        # PostgreSQL text columns cannot store U+0000.
        if value is not None and "\x00" in value:
            raise ValueError("contains the NUL character U+0000")
        return value


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
    """Parse a notification body; raise MalformedBodyError naming what is wrong.

    Status 400 covers what RFC 8259 JSON in UTF-8 cannot hold but Python's `json` module
    accepts: NaN, Infinity, numbers beyond the float range and unpaired surrogate escapes.
    So is nesting deeper than MAX_NESTING_DEPTH arrays and objects.
    """
    try:
        payload = json.loads(body, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise MalformedBodyError(
            f"Body is not JSON: it nests deeper than {MAX_NESTING_DEPTH} arrays and objects",
            status=400,
        ) from None
    except (UnicodeDecodeError, ValueError) as error:
        # ValueError covers JSONDecodeError, the rejected numbers and integers longer than
        # Python's limit of digits per integer.
        raise MalformedBodyError(f"Body is not JSON: {error}", status=400) from None
    if not isinstance(payload, dict):
        raise MalformedBodyError(
            f"Body is a JSON {type(payload).__name__}; expected an object with eventType.",
            status=422,
        )
    if _nesting_depth(payload) > MAX_NESTING_DEPTH:
        raise MalformedBodyError(
            f"Body is not JSON: it nests deeper than {MAX_NESTING_DEPTH} arrays and objects",
            status=400,
        )

    try:
        key = event_key(payload)
    except UnicodeEncodeError:
        raise MalformedBodyError(
            "Body is not JSON: a string contains an unpaired UTF-16 surrogate escape (\\ud800 "
            "to \\udfff)",
            status=400,
        ) from None

    try:
        envelope = Envelope.model_validate(payload)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or 'body'}: {problem['msg']}"
            for problem in error.errors()
        )
        raise MalformedBodyError(f"Body is not a notification envelope: {problems}", 422) from None
    return ParsedEvent(envelope, payload, key)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:40]} is beyond the range of a double")
    return value


def _nesting_depth(value: Any) -> int:
    deepest = 0
    pending = [(value, 1)]
    while pending:
        current, depth = pending.pop()
        if isinstance(current, dict):
            current = list(current.values())
        if isinstance(current, list):
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in current)
    return deepest
