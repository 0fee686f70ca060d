"""Login lockout rules: lock a user for a while after repeated consecutive failures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    """Lock for `duration` once `max_failures` consecutive logins failed."""

    max_failures: int
    duration: timedelta


@dataclass(frozen=True)
class FailureOutcome:
    """The user's counters after one more failed login."""

    failed_logins: int
    locked_until: datetime | None

    @property
    def locked(self) -> bool:
        return self.locked_until is not None


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    """Return True while a lockout set to end at `locked_until` is in force."""
    return locked_until is not None and now < locked_until


def record_failure(failed_logins: int, policy: LockoutPolicy, now: datetime) -> FailureOutcome:
    """Count one more failure; at the limit, lock until `now + duration` and restart the count."""
    failures = failed_logins + 1
    if failures >= policy.max_failures:
        return FailureOutcome(failed_logins=0, locked_until=now + policy.duration)
    return FailureOutcome(failed_logins=failures, locked_until=None)
