from datetime import UTC, datetime, timedelta

import pytest

from sellerops.errors import InvalidInputError
from sellerops.notify.schedule import (
    MAX_ATTEMPTS,
    parse_clock,
    quiet_until,
    retry_delay,
    should_retry,
)

IST = "Asia/Kolkata"


@pytest.mark.parametrize(
    ("attempt", "minutes"),
    [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (7, 60), (20, 60)],
)
def test_retry_delay_table(attempt, minutes):
    assert retry_delay(attempt) == timedelta(minutes=minutes)


def test_retry_delay_rejects_zero():
    with pytest.raises(ValueError, match="count from 1"):
        retry_delay(0)


def test_should_retry_transient_until_limit():
    assert should_retry(1, is_transient=True)
    assert should_retry(MAX_ATTEMPTS - 1, is_transient=True)
    assert not should_retry(MAX_ATTEMPTS, is_transient=True)
    assert not should_retry(1, is_transient=False)


# 22:00 to 07:00 in India is 16:30 to 01:30 UTC.
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 12, 7, 16, 29, tzinfo=UTC), None),
        (datetime(2026, 12, 7, 16, 30, tzinfo=UTC), datetime(2026, 12, 8, 1, 30, tzinfo=UTC)),
        (datetime(2026, 12, 7, 20, 0, tzinfo=UTC), datetime(2026, 12, 8, 1, 30, tzinfo=UTC)),
        (datetime(2026, 12, 8, 1, 29, tzinfo=UTC), datetime(2026, 12, 8, 1, 30, tzinfo=UTC)),
        (datetime(2026, 12, 8, 1, 30, tzinfo=UTC), None),
    ],
)
def test_quiet_hours_across_midnight(now, expected):
    assert quiet_until(now, parse_clock("22:00"), parse_clock("07:00"), IST) == expected


def test_quiet_hours_same_day():
    start, end = parse_clock("13:00"), parse_clock("14:00")
    inside = datetime(2026, 12, 7, 7, 45, tzinfo=UTC)  # 13:15 in India

    assert quiet_until(inside, start, end, IST) == datetime(2026, 12, 7, 8, 30, tzinfo=UTC)
    assert quiet_until(inside - timedelta(hours=1), start, end, IST) is None


def test_quiet_hours_unset():
    assert quiet_until(datetime(2026, 12, 7, 20, 0, tzinfo=UTC), None, None, IST) is None


@pytest.mark.parametrize("text", ["7pm", "25:00", "", "22"])
def test_parse_clock_rejects(text):
    with pytest.raises(InvalidInputError, match="HH:MM"):
        parse_clock(text)
