"""When a delivery may go out: the retry backoff and the tenant's quiet hours."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sellerops.errors import InvalidInputError

MAX_ATTEMPTS = 5
FIRST_RETRY_DELAY = timedelta(minutes=1)
BACKOFF_FACTOR = 2
MAX_RETRY_DELAY = timedelta(hours=1)
# How long a claimed delivery stays hidden from other dispatchers; longer than any send timeout.
CLAIM_LEASE = timedelta(minutes=5)
_CLOCK = re.compile(r"(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9])")


def retry_delay(attempt: int) -> timedelta:
    """Return the wait after failed attempt number `attempt` (1-based): 1, 2, 4, 8 minutes...

    Capped at `MAX_RETRY_DELAY`. There is no jitter because one dispatcher serves a tenant,
    so retries of many deliveries do not arrive at one server at the same moment.
    """
    if attempt < 1:
        raise ValueError(f"Attempt number {attempt} is invalid; attempts count from 1.")
    delay = FIRST_RETRY_DELAY * BACKOFF_FACTOR ** (attempt - 1)
    return min(delay, MAX_RETRY_DELAY)


def should_retry(attempt: int, *, is_transient: bool) -> bool:
    """Return True if a failure on attempt `attempt` is worth another attempt."""
    return is_transient and attempt < MAX_ATTEMPTS


def parse_clock(text: str) -> int:
    """Return the minutes after midnight of `text` in HH:MM form (24-hour clock)."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise InvalidInputError(
            f"Time {text!r} is invalid; use the 24-hour HH:MM form, such as 22:00."
        )
    return int(match["hour"]) * 60 + int(match["minute"])


def quiet_until(
    now: datetime, start_minute: int | None, end_minute: int | None, time_zone: str
) -> datetime | None:
    """Return when the quiet hours that contain `now` end, or None outside quiet hours.

    Minutes count from midnight in `time_zone`. A start after the end spans midnight (22:00 to
    07:00); equal start and end, or either unset, means no quiet hours.
    """
    if start_minute is None or end_minute is None or start_minute == end_minute:
        return None
    local = now.astimezone(ZoneInfo(time_zone))
    minute = local.hour * 60 + local.minute
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)

    if start_minute < end_minute:
        inside = start_minute <= minute < end_minute
        end_day = midnight
    else:
        inside = minute >= start_minute or minute < end_minute
        end_day = midnight + timedelta(days=1) if minute >= start_minute else midnight
    if not inside:
        return None
    # Built from the date, not by adding minutes, so a daylight-saving zone gets its wall clock.
    end = end_day.replace(hour=end_minute // 60, minute=end_minute % 60)
    return end.astimezone(now.tzinfo)
