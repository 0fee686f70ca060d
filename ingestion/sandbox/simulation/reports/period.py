"""The period a report covers: a calendar month or an inclusive range of dates."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReportPeriod:
    """An inclusive range of dates, with the label used in file names."""

    first: date
    last: date
    label: str

    @classmethod
    def month(cls, text: str) -> ReportPeriod:
        """Parse a month written as `YYYY-MM`, such as `2026-11`."""
        try:
            year_text, month_text = text.split("-")
            year, month = int(year_text), int(month_text)
            first = date(year, month, 1)
        except ValueError:
            raise ValueError(f"month {text!r} is not in YYYY-MM form; pass e.g. 2026-11") from None

        last = date(year, month, calendar.monthrange(year, month)[1])
        return cls(first=first, last=last, label=f"{year:04d}-{month:02d}")

    @classmethod
    def between(cls, first: date, last: date) -> ReportPeriod:
        """Build the period from `first` to `last`, both included."""
        if last < first:
            raise ValueError(f"period end {last} is before its start {first}; swap the dates")
        return cls(first=first, last=last, label=f"{first.isoformat()}_{last.isoformat()}")
