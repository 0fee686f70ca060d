"""Fault profiles and the seeded injector that decides, request by request, what goes wrong.

Faults apply only to the Seller API under `/sellers` (never to the token endpoint, the admin
endpoints or the sandbox self-serve hooks). Every decision comes from one `random.Random` seeded
by the profile, so the same requests in the same order meet the same faults.
"""

import json
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from enum import StrEnum
from typing import Any

from .fault_checks import check_profile_fields


class FaultKind(StrEnum):
    TOKEN_EXPIRY = "token_expiry"  # noqa: S105 - a fault name, not a secret
    RATE_LIMIT = "rate_limit"  # 429 with Retry-After
    RATE_LIMIT_NO_RETRY_AFTER = "rate_limit_no_retry_after"
    SERVER_ERROR = "server_error"  # one response of a 500/503 burst
    DROPPED_CONNECTION = "dropped_connection"
    SLOW_RESPONSE = "slow_response"
    STATE_CHANGE = "state_change"  # marketplace.perturb before a next page


@dataclass(frozen=True)
class FaultProfile:
    """A set of fault kinds and their rates, each a share of API requests (0..1)."""

    name: str = "custom"
    seed: int = 7
    rate_limit_rate: float = 0.0
    rate_limit_no_retry_after_rate: float = 0.0
    retry_after_seconds: int = 1
    error_burst_rate: float = 0.0  # chance that a request starts a burst
    error_burst_length: int = 3  # consecutive failing requests per burst
    error_statuses: tuple[int, ...] = (500, 503)
    drop_rate: float = 0.0  # the request is processed, the response cut
    slow_rate: float = 0.0
    slow_seconds: float = 0.2
    state_change_rate: float = 0.0  # share of next-page requests that perturb
    state_change_steps: int = 1  # perturb calls per affected next page
    token_expiry_requests: int = 0  # revoke all tokens every N API requests
    token_expiry_seconds: float = 0.0  # ... or every N real seconds (0 = never)

    def __post_init__(self) -> None:
        check_profile_fields({field.name: getattr(self, field.name) for field in fields(self)})
        # A list from JSON becomes a tuple, so equal profiles compare equal and stay hashable.
        object.__setattr__(self, "error_statuses", tuple(self.error_statuses))

        exclusive = (
            self.rate_limit_rate
            + self.rate_limit_no_retry_after_rate
            + self.error_burst_rate
            + self.drop_rate
        )
        if exclusive > 1.0:
            raise ValueError(
                "The 429, error-burst and drop rates of a fault profile add up to "
                f"{exclusive:.3f}; keep their sum at most 1."
            )

    @property
    def active(self) -> bool:
        return self != replace(FaultProfile(), name=self.name, seed=self.seed)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["error_statuses"] = list(self.error_statuses)
        return data


PROFILES: dict[str, FaultProfile] = {
    "none": FaultProfile(name="none"),
    "light": FaultProfile(
        name="light",
        rate_limit_rate=0.005,
        rate_limit_no_retry_after_rate=0.005,
        error_burst_rate=0.003,
        error_burst_length=2,
        drop_rate=0.002,
        slow_rate=0.01,
        slow_seconds=0.1,
        state_change_rate=0.05,
        token_expiry_requests=2000,
    ),
    # Heavy: a pull of ~1,500 requests meets every fault kind several times while the
    # Retry-After sleeps (1 s each) stay around half a minute in total.
    "heavy": FaultProfile(
        name="heavy",
        rate_limit_rate=0.015,
        rate_limit_no_retry_after_rate=0.02,
        error_burst_rate=0.01,
        error_burst_length=3,
        drop_rate=0.015,
        slow_rate=0.03,
        slow_seconds=0.2,
        state_change_rate=0.3,
        state_change_steps=3,
        token_expiry_requests=400,
    ),
}


def resolve_profile(spec: "str | dict[str, Any] | FaultProfile | None") -> FaultProfile:
    """Turn a profile name, a JSON text, a dict or a profile into a `FaultProfile`.

    A dict whose `name` is a preset starts from that preset and overrides the fields it gives,
    e.g. `{"name": "heavy", "drop_rate": 0.1}`; any other dict builds a custom profile.
    """
    if spec is None:
        return PROFILES["none"]
    if isinstance(spec, FaultProfile):
        return spec
    if isinstance(spec, str):
        text = spec.strip()
        if text.startswith("{"):
            return resolve_profile(_decode_profile_text(text))
        if text not in PROFILES:
            raise ValueError(
                f"Unknown fault profile {text!r}; use one of {sorted(PROFILES)} or a JSON object."
            )
        return PROFILES[text]
    if isinstance(spec, dict):
        return _profile_from_dict(spec)
    raise ValueError(f"A fault profile must be a name or a JSON object, got {type(spec).__name__}.")


def _decode_profile_text(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ValueError("The fault profile JSON is nested too deeply to decode.") from exc
    except ValueError as exc:
        raise ValueError(f"The fault profile is not valid JSON: {exc}.") from exc


def _profile_from_dict(data: dict[str, Any]) -> FaultProfile:
    known = {field.name for field in fields(FaultProfile)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"Unknown fault profile fields {sorted(unknown)}; known: {sorted(known)}.")

    name = data.get("name", "custom")
    if not isinstance(name, str):
        raise ValueError(f"Fault profile field name must be a string, got {type(name).__name__}.")
    base = PROFILES.get(name, FaultProfile(name=name))
    return replace(base, **data)


@dataclass(frozen=True)
class FaultDecision:
    """The injector's choice of faults for one API request."""

    expire_tokens: bool = False
    status: int | None = None  # respond with this status instead of running the route
    retry_after: int | None = None  # Retry-After header of a 429
    drop: bool = False  # cut the response after the route has run
    delay: float = 0.0  # seconds to sleep before the route runs


NO_FAULT = FaultDecision()


class FaultInjector:
    """The running fault state: the profile, its RNG, burst and expiry counters, tallies."""

    def __init__(
        self, profile: FaultProfile | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.set_profile(profile or PROFILES["none"])

    @property
    def profile(self) -> FaultProfile:
        return self._profile

    def set_profile(self, profile: FaultProfile) -> None:
        """Switch profiles; the RNG restarts from the profile's seed so runs are reproducible."""
        with self._lock:
            self._profile = profile
            self._active = profile.active
            self.rng = random.Random(profile.seed)
            self._requests = 0
            self._burst_left = 0
            self._burst_status = 500
            self._last_expiry = self._clock()

    def decide(self) -> FaultDecision:
        """Draw the fault (if any) for the next API request."""
        if not self._active:
            return NO_FAULT
        profile = self._profile

        with self._lock:
            self._requests += 1
            expire = self._expiry_due(profile)
            delay = 0.0
            if profile.slow_rate and self.rng.random() < profile.slow_rate:
                delay = profile.slow_seconds
                self.counts[FaultKind.SLOW_RESPONSE] += 1

            status, retry_after, drop = self._draw_failure(profile)
            return FaultDecision(expire, status, retry_after, drop, delay)

    def should_change_state(self) -> int:
        """Return how many perturb steps to run before serving a next-page request."""
        profile = self._profile
        if not profile.state_change_rate:
            return 0
        with self._lock:
            if self.rng.random() >= profile.state_change_rate:
                return 0
            self.counts[FaultKind.STATE_CHANGE] += 1
            return profile.state_change_steps

    def record(self, kind: FaultKind) -> None:
        with self._lock:
            self.counts[kind] += 1

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self.counts)

    def reset_counts(self) -> None:
        with self._lock:
            self.counts.clear()

    def _expiry_due(self, profile: FaultProfile) -> bool:
        due = False
        if profile.token_expiry_requests and self._requests % profile.token_expiry_requests == 0:
            due = True
        if profile.token_expiry_seconds:
            now = self._clock()
            if now - self._last_expiry >= profile.token_expiry_seconds:
                self._last_expiry = now
                due = True
        if due:
            self.counts[FaultKind.TOKEN_EXPIRY] += 1
        return due

    def _draw_failure(self, profile: FaultProfile) -> tuple[int | None, int | None, bool]:
        if self._burst_left > 0:
            self._burst_left -= 1
            self.counts[FaultKind.SERVER_ERROR] += 1
            return self._burst_status, None, False

        draw = self.rng.random()
        threshold = profile.rate_limit_rate
        if draw < threshold:
            self.counts[FaultKind.RATE_LIMIT] += 1
            return 429, profile.retry_after_seconds, False

        threshold += profile.rate_limit_no_retry_after_rate
        if draw < threshold:
            self.counts[FaultKind.RATE_LIMIT_NO_RETRY_AFTER] += 1
            return 429, None, False

        threshold += profile.error_burst_rate
        if draw < threshold:
            self._burst_status = self.rng.choice(profile.error_statuses)
            self._burst_left = profile.error_burst_length - 1
            self.counts[FaultKind.SERVER_ERROR] += 1
            return self._burst_status, None, False

        threshold += profile.drop_rate
        if draw < threshold:
            # Counted when the cut happens, since only then is it certain.
            return None, None, True
        return None, None, False
