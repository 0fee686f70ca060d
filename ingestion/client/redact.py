"""Redaction of secrets and buyer personal data before anything is logged or raised."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

logger = logging.getLogger("ingestion.client")

REDACTED = "[REDACTED]"

# Keys compared case-insensitively. Secrets first, then buyer personal data from the
# shipment-details addresses (names, address lines, contact numbers, e-mail).
SECRET_KEYS = frozenset(
    {
        "access_token",
        "refresh_token",
        "authorization",
        "client_secret",
        "app_secret",
        "appsecret",
        "password",
    }
)
PERSONAL_KEYS = frozenset(
    {
        "firstname",
        "lastname",
        "fullname",
        "buyername",
        "customername",
        "addressline1",
        "addressline2",
        "address1",
        "address2",
        "landmark",
        "contactnumber",
        "alternatecontactnumber",
        "phone",
        "mobile",
        "email",
        "emailid",
    }
)
_SENSITIVE_KEYS = SECRET_KEYS | PERSONAL_KEYS

# Flipkart echoes the rejected token in 401 bodies ("Invalid access token: <token>").
_TOKEN_IN_TEXT = re.compile(r"(access token:\s*)\S+", re.IGNORECASE)
_BEARER_IN_TEXT = re.compile(r"(bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE)


# A shorter secret is not replaced inside text: replacing every "e" of a one-letter secret
# would garble each message while hiding nothing. Such a secret is weak anyway.
MIN_REDACTED_SECRET = 8


class Redactor:
    """Replace sensitive keys in JSON-like data and known secret values in text.

    `secrets` are exact strings (the app secret, current tokens) removed wherever they occur,
    except those shorter than `MIN_REDACTED_SECRET` characters, which log a warning instead.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self._warned_short = False
        for value in secrets:
            self.add_secret(value)

    def add_secret(self, value: str | None) -> None:
        """Remember one more exact string to hide, such as a freshly issued token."""
        if not value:
            return
        if len(value) < MIN_REDACTED_SECRET:
            if not self._warned_short:
                self._warned_short = True
                logger.warning(
                    "A secret or token of %d characters is too short to be redacted from "
                    "error messages and logs by value. Use credentials of at least %d "
                    "characters.",
                    len(value),
                    MIN_REDACTED_SECRET,
                )
            return
        self._secrets.add(value)

    def text(self, value: str) -> str:
        """Return `value` with known secrets and echoed tokens replaced."""
        for secret in self._secrets:
            if secret in value:
                value = value.replace(secret, REDACTED)
        value = _TOKEN_IN_TEXT.sub(rf"\1{REDACTED}", value)
        return _BEARER_IN_TEXT.sub(rf"\1{REDACTED}", value)

    def data(self, value: Any) -> Any:
        """Return a copy of JSON-like `value` with sensitive keys and secret strings replaced."""
        if isinstance(value, dict):
            return {
                key: REDACTED if _is_sensitive(key) else self.data(item)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value


def is_personal_key(key: object) -> bool:
    """Tell whether a field name is one of buyer personal data (`PERSONAL_KEYS`), any case."""
    return isinstance(key, str) and key.replace("_", "").lower() in PERSONAL_KEYS


def _is_sensitive(key: object) -> bool:
    return isinstance(key, str) and key.lower() in _SENSITIVE_KEYS
