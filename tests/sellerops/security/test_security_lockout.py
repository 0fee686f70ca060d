from datetime import UTC, datetime, timedelta

from sellerops.security.lockout import LockoutPolicy, is_locked, record_failure

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
POLICY = LockoutPolicy(max_failures=5, duration=timedelta(minutes=15))


def test_fourth_failure_not_locked():
    assert record_failure(3, POLICY, NOW).locked_until is None


def test_fifth_failure_locks():
    assert record_failure(4, POLICY, NOW).locked_until == NOW + timedelta(minutes=15)


def test_lock_restarts_count():
    assert record_failure(4, POLICY, NOW).failed_logins == 0


def test_locked_before_expiry():
    assert is_locked(NOW + timedelta(minutes=15), NOW + timedelta(minutes=14, seconds=59))


def test_unlocked_at_expiry():
    assert not is_locked(NOW + timedelta(minutes=15), NOW + timedelta(minutes=15))


def test_never_locked():
    assert not is_locked(None, NOW)
