"""Report periods: the IST calendar day, Monday-to-Sunday week or month that a report covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sellerops.errors import InvalidInputError

INDIA = ZoneInfo("Asia/Kolkata")


class Frequency(StrEnum):
    """How often a report is generated; each run covers the last complete period."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


FREQUENCY_NAMES = ", ".join(frequency.value for frequency in Frequency)


def parse_frequency(text: str) -> Frequency:
    """Return the frequency named `text`; raises `InvalidInputError` listing the frequencies."""
    try:
        return Frequency(text.strip().lower())
    except ValueError:
        raise InvalidInputError(
            f"Unknown report frequency {text!r}; use one of: {FREQUENCY_NAMES}."
        ) from None


@dataclass(frozen=True)
class ReportPeriod:
    """The IST calendar days `start`..`end`, both included, of one report."""

    frequency: Frequency
    start: date
    end: date

    @property
    def label(self) -> str:
        """The period as a reader sees it, e.g. `23 Nov 2026 to 29 Nov 2026`."""
        if self.start == self.end:
            return f"{self.start:%d %b %Y}"
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"


def period_starting(frequency: Frequency, start: date) -> ReportPeriod:
    """Return the period of `frequency` that starts on `start`.

    Raises `InvalidInputError` when `start` is not a Monday for a weekly report or not the
    first of a month for a monthly one.
    """
    if frequency is Frequency.DAILY:
        return ReportPeriod(frequency, start, start)
    if frequency is Frequency.WEEKLY:
        if start.weekday() != 0:
            raise InvalidInputError(
                f"A weekly report starts on a Monday, and {start.isoformat()} is a "
                f"{start:%A}; use {start - timedelta(days=start.weekday())}."
            )
        return ReportPeriod(frequency, start, start + timedelta(days=6))
    if start.day != 1:
        raise InvalidInputError(
            f"A monthly report starts on the first of a month, not on {start.isoformat()}; "
            f"use {start.replace(day=1)}."
        )
    next_month = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return ReportPeriod(frequency, start, next_month - timedelta(days=1))


def last_complete_period(frequency: Frequency, now: datetime) -> ReportPeriod:
    """Return the latest period of `frequency` that ended before `now`'s day in India.

    A run on Monday 08:00 IST gets the week that ended on Sunday, and a run on the 1st gets the
    previous month. A daily run gets yesterday.
    """
    if now.tzinfo is None:
        raise ValueError(f"Time {now.isoformat()} has no time zone; pass an aware datetime.")
    today = now.astimezone(INDIA).date()
    if frequency is Frequency.DAILY:
        return period_starting(frequency, today - timedelta(days=1))
    if frequency is Frequency.WEEKLY:
        this_monday = today - timedelta(days=today.weekday())
        return period_starting(frequency, this_monday - timedelta(days=7))
    previous_month_end = today.replace(day=1) - timedelta(days=1)
    return period_starting(frequency, previous_month_end.replace(day=1))
