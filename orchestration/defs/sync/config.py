"""Run configuration of the sync step: mode and, for a backfill, the order-date range."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import dagster as dg
from pydantic import Field

IST = ZoneInfo("Asia/Kolkata")


class SyncConfig(dg.Config):
    """How the sync step reads the Flipkart API."""

    mode: Literal["incremental", "full", "backfill"] = Field(
        default="incremental",
        description=(
            "incremental: changes since each stream's cursor (a full pull when there is none); "
            "full: every shipment and return again; backfill: orders placed in since..until, "
            "cursors untouched."
        ),
    )
    since: str | None = Field(
        default=None, description="Backfill only: first order date, YYYY-MM-DD on the IST calendar."
    )
    until: str | None = Field(
        default=None, description="Backfill only: last order date (inclusive), YYYY-MM-DD, IST."
    )

    def window(self) -> tuple[datetime | None, datetime | None]:
        """Return the backfill range as aware instants [since 00:00 IST, day after until)."""
        if self.mode != "backfill":
            return None, None
        if not self.since or not self.until:
            raise ValueError(
                "A backfill needs both `since` and `until` (YYYY-MM-DD) in the sync step's config."
            )
        first, last = _parse_day("since", self.since), _parse_day("until", self.until)
        if last < first:
            raise ValueError(f"Backfill until {last} is before since {first}; swap them.")
        start = datetime.combine(first, time.min, IST)
        end = datetime.combine(last + timedelta(days=1), time.min, IST)
        return start, end


def _parse_day(name: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"Backfill {name}={text!r} is not a date; write it as YYYY-MM-DD."
        ) from None
