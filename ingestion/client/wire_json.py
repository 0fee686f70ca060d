"""Exact JSON numbers on the wire: request bodies with exact Decimals, and a check for
response numbers that a float would round.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from json.encoder import encode_basestring_ascii
from typing import Any

# A double keeps every decimal number of up to 15 significant digits exact.
EXACT_FLOAT_DIGITS = 15

# A number of 16 or more digits around its decimal point has 8 or more on one side of it. The
# pattern starts with the literal '.', which the regex engine scans for quickly, unlike a
# pattern that starts at every ':' or ','. It also matches inside strings, so a match only
# triggers the exact check in `find_inexact_number`.
# NOTE: a number with an exponent but no decimal point (`1234567890123456e3`) is not detected.
_LONG_NUMBER = re.compile(rb"\.(?:[0-9]{8}|(?<=[0-9]{8}\.))")


def encode_json(body: Any) -> bytes:
    """Serialize a request body compactly, each Decimal as a JSON number with its exact digits.

    Raises ValueError naming the field for NaN or infinite numbers, which JSON cannot carry,
    and TypeError for a value that has no JSON form.
    """
    parts: list[str] = []
    _encode(body, "", parts)
    return "".join(parts).encode()


def find_inexact_number(content: bytes) -> str | None:
    """Return the first non-integer number in a JSON body with more than 15 significant
    digits, which reading through a float would round, or None when there is none.
    """
    if _LONG_NUMBER.search(content) is None:
        return None

    found: list[str] = []

    def check(text: str) -> float:
        if not found and significant_digits(text) > EXACT_FLOAT_DIGITS:
            found.append(text)
        return 0.0

    try:
        json.loads(content, parse_float=check)
    except (ValueError, RecursionError):
        return None  # the model validation reports the invalid body
    return found[0] if found else None


def significant_digits(number: str) -> int:
    """Count the significant digits of a JSON number token, such as `-0.001230` (3)."""
    mantissa = re.split("[eE]", number, maxsplit=1)[0]
    digits = mantissa.lstrip("-").replace(".", "").strip("0")
    return len(digits)


def _encode(value: Any, where: str, parts: list[str]) -> None:
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, str):
        parts.append(encode_basestring_ascii(value))
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _not_finite(value, where)
        parts.append(float.__repr__(value))
    elif isinstance(value, Decimal):
        parts.append(_decimal_text(value, where))
    elif isinstance(value, dict):
        _encode_object(value, where, parts)
    elif isinstance(value, (list, tuple)):
        _encode_array(value, where, parts)
    else:
        raise TypeError(
            f"Cannot send a {type(value).__name__} in a JSON body at {where or 'the top'}: "
            f"{value!r}"
        )


def _encode_object(value: dict, where: str, parts: list[str]) -> None:
    parts.append("{")
    for index, (key, item) in enumerate(value.items()):
        if not isinstance(key, str):
            raise TypeError(f"JSON object keys must be str, got {key!r} at {where or 'the top'}")
        if index:
            parts.append(",")
        parts.append(encode_basestring_ascii(key))
        parts.append(":")
        _encode(item, f"{where}.{key}" if where else key, parts)
    parts.append("}")


def _encode_array(value: list | tuple, where: str, parts: list[str]) -> None:
    parts.append("[")
    for index, item in enumerate(value):
        if index:
            parts.append(",")
        _encode(item, f"{where}[{index}]", parts)
    parts.append("]")


def _decimal_text(value: Decimal, where: str) -> str:
    if not value.is_finite():
        raise _not_finite(value, where)
    # Fixed-point notation keeps every digit and never uses an exponent. A whole number is
    # sent without a fraction, as `18` rather than `18.00`.
    if value == value.to_integral_value():
        value = value.to_integral_value()
    return format(value, "f")


def _not_finite(value: object, where: str) -> ValueError:
    return ValueError(
        f"{where or 'The request body'} is {value}, which JSON cannot carry. Send a finite number."
    )
