"""Checks on user-supplied text before it reaches the database: length and control characters.

PostgreSQL rejects NUL in text and values longer than a `VARCHAR(n)` column, while SQLite
stores both, so every service checks here first and both backends return the same error.
"""

from __future__ import annotations

import unicodedata

from sellerops.errors import InvalidInputError


def has_control_characters(value: str) -> bool:
    """Return True if `value` contains NUL or another Unicode control character (category Cc)."""
    return any(unicodedata.category(character) == "Cc" for character in value)


def check_text(field: str, value: str, maximum: int) -> str:
    """Return `value` unchanged; raises `InvalidInputError` naming `field` and the limit.

    The error never repeats the value, because it may be a password or many kilobytes long.
    """
    if len(value) > maximum:
        raise InvalidInputError(f"The {field} has {len(value)} characters; use at most {maximum}.")
    if has_control_characters(value):
        raise InvalidInputError(
            f"The {field} contains a control character (such as NUL or a line break); remove it."
        )
    return value


def check_optional_text(field: str, value: str | None, maximum: int) -> str | None:
    """Like `check_text`, but None passes through."""
    if value is None:
        return None
    return check_text(field, value, maximum)
