"""Type and range checks of every fault profile field, so a bad profile fails before it runs.

Each check raises `ValueError` with a message that names the field, the allowed values and the
value given. `PUT /_sandbox/faults` turns that into a 400.
"""

import math
from typing import Any

RATE_FIELDS = (
    "rate_limit_rate",
    "rate_limit_no_retry_after_rate",
    "error_burst_rate",
    "drop_rate",
    "slow_rate",
    "state_change_rate",
)
# Field -> (minimum, maximum) of a whole number.
COUNT_FIELDS = {
    "seed": (-(2**63), 2**63 - 1),
    "retry_after_seconds": (0, 3600),
    "error_burst_length": (1, 1000),
    # Each step changes the marketplace before a next page is served, so a huge count stalls it.
    "state_change_steps": (1, 1000),
    "token_expiry_requests": (0, 10**9),  # 0 = never
}
# Field -> maximum seconds. 600 s is ten times the client library's longest read timeout (60 s).
DURATION_FIELDS = {
    "slow_seconds": 600.0,
    "token_expiry_seconds": 10.0**9,  # 0 = never
}
MAX_NAME_LENGTH = 100


def check_profile_fields(values: dict[str, Any]) -> None:
    """Raise `ValueError` for the first field of a fault profile whose type or range is wrong."""
    name = values["name"]
    if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME_LENGTH:
        raise _invalid("name", f"a string of 1 to {MAX_NAME_LENGTH} characters", name)

    for field in RATE_FIELDS:
        _check_rate(field, values[field])
    for field, (minimum, maximum) in COUNT_FIELDS.items():
        _check_count(field, values[field], minimum, maximum)
    for field, maximum in DURATION_FIELDS.items():
        _check_duration(field, values[field], maximum)
    _check_statuses(values["error_statuses"])


def _check_rate(field: str, value: Any) -> None:
    if not _is_number(value) or not 0.0 <= value <= 1.0:
        raise _invalid(field, "a number between 0 and 1", value)


def _check_count(field: str, value: Any, minimum: int, maximum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise _invalid(field, f"a whole number between {minimum} and {maximum}", value)


def _check_duration(field: str, value: Any, maximum: float) -> None:
    if not _is_number(value) or not 0.0 <= value <= maximum:
        raise _invalid(field, f"a number of seconds between 0 and {maximum:g}", value)


def _check_statuses(value: Any) -> None:
    allowed = "a non-empty list of 5xx status codes such as [500, 503]"
    if not isinstance(value, list | tuple) or not value:
        raise _invalid("error_statuses", allowed, value)
    for status in value:
        if isinstance(status, bool) or not isinstance(status, int) or not 500 <= status <= 599:
            raise _invalid("error_statuses", allowed, value)


def _is_number(value: Any) -> bool:
    """Return whether `value` is a finite int or float. A bool is rejected although it is an int."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)


def _invalid(field: str, allowed: str, value: Any) -> ValueError:
    try:
        value_text = repr(value)
    except RecursionError:
        value_text = f"a {type(value).__name__} nested too deeply to show"
    if len(value_text) > 80:
        value_text = value_text[:77] + "..."
    return ValueError(f"Fault profile field {field} must be {allowed}, got {value_text}.")
