"""Masked forms of secrets for display: never more than the last four characters."""

from __future__ import annotations

MASK = "••••"
MIN_LENGTH_TO_SHOW_TAIL = 16


def mask_secret(secret: str | None) -> str:
    """Return `••••` plus the last four characters of long secrets, `••••` for short ones."""
    if not secret:
        return ""
    if len(secret) < MIN_LENGTH_TO_SHOW_TAIL:
        return MASK
    return MASK + secret[-4:]
