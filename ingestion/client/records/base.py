"""Shared pieces of the record models: base classes, aware datetimes, ids as text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict
from pydantic.alias_generators import to_camel

from ingestion.client.redact import is_personal_key

IST = timezone(timedelta(hours=5, minutes=30), "IST")


def _assume_ist(value: datetime) -> datetime:
    # Flipkart sends offsets on every timestamp it documents; a naive one is read as IST,
    # the zone of every example, rather than rejected.
    return value if value.tzinfo is not None else value.replace(tzinfo=IST)


def _date_in_ist(value: Any) -> Any:
    if isinstance(value, str) and "T" in value:
        moment = _assume_ist(datetime.fromisoformat(value.replace("Z", "+00:00")))
        return moment.astimezone(IST).date()
    if isinstance(value, datetime):
        return _assume_ist(value).astimezone(IST).date()
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_assume_ist)]
"""A timezone-aware datetime; naive input is assumed to be IST (UTC+05:30)."""

CalendarDate = Annotated[date, BeforeValidator(_date_in_ist)]
"""A date; a full timestamp is converted to its calendar date in IST."""


class WireRecord(BaseModel):
    """A camelCase Flipkart object: unknown fields are kept, numbers in text fields become str.

    `coerce_numbers_to_str` keeps a 17-digit orderItemId sent as a JSON number exact, because
    the JSON decoder reads it as int and pydantic turns the int into its decimal text.
    """

    model_config = ConfigDict(
        extra="allow",
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        coerce_numbers_to_str=True,
    )

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # Unknown fields are kept, and one named like buyer data (an `email` Flipkart adds
        # later, say) must not reach a log through repr.
        for name, value in super().__repr_args__():
            if name is None or name in type(self).model_fields or not is_personal_key(name):
                yield name, value


class PersonalRecord(WireRecord):
    """A record about a person (buyer, address): `repr` shows no unknown fields at all."""

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            if name in type(self).model_fields:
                yield name, value


class SnakeRecord(BaseModel):
    """A snake_case Flipkart object (the listings API); otherwise like `WireRecord`."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)
