"""Checks on the values stock services take: SKU ids, location ids and unit quantities."""

from __future__ import annotations

import hashlib
import uuid

from sellerops.errors import InvalidInputError
from sellerops.models.stock import LOCATION_LENGTH, SKU_LENGTH, SOURCE_KEY_LENGTH
from sellerops.security.text_input import check_text

MAX_UNITS = 2**31 - 1
# First characters that make Excel, LibreOffice and Google Sheets read a CSV cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def check_sku(sku: str) -> str:
    """Return `sku` stripped; raises `InvalidInputError` when empty, too long or not text."""
    if not isinstance(sku, str):
        raise InvalidInputError(f"The SKU {sku!r} must be text.")
    sku = check_text("SKU", sku.strip(), SKU_LENGTH)
    if not sku:
        raise InvalidInputError("The SKU is empty; give the seller's SKU id.")
    return sku


def check_sku_start(sku: str) -> str:
    """Return `sku` if it does not start like a spreadsheet formula; raises `InvalidInputError`.

    A SKU is exported to CSV files that sellers open in spreadsheets, where a leading
    = + - or @ runs the cell as a formula (CSV injection).
    """
    if sku.startswith(FORMULA_PREFIXES):
        raise InvalidInputError(
            f"The SKU {sku!r} starts with {sku[0]!r}, which spreadsheets read as a formula; "
            f"start it with a letter or digit."
        )
    return sku


def check_location(location_id: str) -> str:
    """Return `location_id` stripped; raises `InvalidInputError` when empty or too long."""
    # NOTE: the id is not checked against `seller_locations`, because synced shipments name
    # locations that the seller may not have registered with `set_location` yet.
    if not isinstance(location_id, str):
        raise InvalidInputError(f"The location id {location_id!r} must be text.")
    location_id = check_text("location id", location_id.strip(), LOCATION_LENGTH)
    if not location_id:
        raise InvalidInputError("The location id is empty; give the seller location (LOC...).")
    return location_id


def check_quantity(name: str, value: object, *, minimum: int) -> int:
    """Return `value` if it is a whole number from `minimum` to 2**31 - 1 units."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(f"The {name} {value!r} must be a whole number of units.")
    if not minimum <= value <= MAX_UNITS:
        raise InvalidInputError(
            f"The {name} {value} must be between {minimum} and {MAX_UNITS} units."
        )
    return value


def parse_units(text: str) -> int:
    """Return a whole number written as text (such as `12` or `-3`); raises `ValueError`."""
    cleaned = text.strip()
    body = cleaned[1:] if cleaned[:1] in "+-" else cleaned
    if not body.isascii() or not body.isdigit():
        raise ValueError(f"{text!r} is not a whole number")
    return int(cleaned)


def bounded_key(prefix: str, *parts: str) -> str:
    """Return `prefix:part:part...`, or `prefix:sha256:<hex>` when that is over the key length."""
    key = ":".join([prefix, *parts])
    if len(key) <= SOURCE_KEY_LENGTH:
        return key
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{prefix}:sha256:{digest}"


def new_key(kind: str) -> str:
    """Return a source key of its own for an event that happens anew on every call."""
    return f"{kind}:{uuid.uuid4()}"
