"""Report periods in India time: yesterday, last Monday-to-Sunday week, last month."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from sellerops.errors import InvalidInputError
from sellerops.scheduled_reports import (
    Frequency,
    last_complete_period,
    parse_frequency,
    period_starting,
)

IST = timezone(timedelta(hours=5, minutes=30))

CASES = [
    # (frequency, run time in IST, expected first day)
    (Frequency.DAILY, datetime(2026, 11, 30, 8, 0, tzinfo=IST), date(2026, 11, 29)),
    (Frequency.WEEKLY, datetime(2026, 11, 30, 8, 0, tzinfo=IST), date(2026, 11, 23)),
    (Frequency.WEEKLY, datetime(2026, 12, 6, 23, 59, tzinfo=IST), date(2026, 11, 23)),
    (Frequency.MONTHLY, datetime(2026, 12, 1, 8, 0, tzinfo=IST), date(2026, 11, 1)),
    (Frequency.MONTHLY, datetime(2026, 3, 1, 8, 0, tzinfo=IST), date(2026, 2, 1)),
    (Frequency.MONTHLY, datetime(2028, 3, 1, 8, 0, tzinfo=IST), date(2028, 2, 1)),
    (Frequency.MONTHLY, datetime(2027, 1, 1, 8, 0, tzinfo=IST), date(2026, 12, 1)),
]


@pytest.mark.parametrize(("frequency", "now", "start"), CASES)
def test_last_complete_period(frequency, now, start):
    period = last_complete_period(frequency, now)

    assert period.frequency is frequency
    assert period.start == start
    assert period.end < now.date()


def test_monthly_period_ends_on_last_day():
    assert period_starting(Frequency.MONTHLY, date(2028, 2, 1)).end == date(2028, 2, 29)
    assert period_starting(Frequency.MONTHLY, date(2026, 2, 1)).end == date(2026, 2, 28)
    assert period_starting(Frequency.MONTHLY, date(2026, 12, 1)).end == date(2026, 12, 31)


def test_weekly_period_is_monday_to_sunday():
    period = period_starting(Frequency.WEEKLY, date(2026, 11, 23))

    assert period.start.weekday() == 0
    assert period.end == date(2026, 11, 29)
    assert period.end.weekday() == 6


def test_run_time_read_in_india():
    # 20:00 UTC on Sunday 29 November is 01:30 IST on Monday 30 November.
    now = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)

    assert last_complete_period(Frequency.DAILY, now).start == date(2026, 11, 29)
    assert last_complete_period(Frequency.WEEKLY, now).start == date(2026, 11, 23)


def test_naive_run_time_rejected():
    with pytest.raises(ValueError, match="no time zone"):
        last_complete_period(Frequency.DAILY, datetime(2026, 11, 30, 8, 0))  # noqa: DTZ001


def test_misaligned_start_rejected():
    with pytest.raises(InvalidInputError, match=r"Monday.*2026-11-23"):
        period_starting(Frequency.WEEKLY, date(2026, 11, 25))
    with pytest.raises(InvalidInputError, match=r"first of a month.*2026-11-01"):
        period_starting(Frequency.MONTHLY, date(2026, 11, 25))


def test_unknown_frequency_rejected():
    assert parse_frequency(" Weekly ") is Frequency.WEEKLY
    with pytest.raises(InvalidInputError, match=r"'hourly'.*daily, weekly, monthly"):
        parse_frequency("hourly")


def test_period_label():
    assert period_starting(Frequency.DAILY, date(2026, 11, 29)).label == "29 Nov 2026"
    weekly = period_starting(Frequency.WEEKLY, date(2026, 11, 23))
    assert weekly.label == "23 Nov 2026 to 29 Nov 2026"
