"""Header cleaning and flattening for Seller Hub report tables.

Seller Hub headers span one to three rows (a group row, the names, sometimes a sub-header row),
carry formula text such as `= SUM(J:R)` and embedded newlines, and repeat names. This module
turns such a header band into one `Column` per named column, with a unique flattened name and
the normalised keys that column maps match against.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Formula text that Seller Hub appends to a name: `= SUM(J:R)` to the end, or a trailing
# bracket such as `[GST+TCS]` or `[AO/(1+AP/100)]`. A bracket inside a name stays, so
# `Bank Settlement [Projected] (INR)` keeps its `[Projected]`.
FORMULA_SUFFIX = re.compile(r"=.*$", re.DOTALL)
BRACKET_SUFFIX = re.compile(r"\[[^\[\]]*\]\s*$")
WHITESPACE = re.compile(r"\s+")
NON_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")

# Currency words dropped from keys, so `Fixed Fee (Rs.)` and `Fixed Fee (INR)` match alike.
CURRENCY_TOKENS = frozenset({"rs", "inr"})

PATH_SEPARATOR = " / "


@dataclass(frozen=True)
class Column:
    """A named column of a report table."""

    index: int
    name: str
    parts: tuple[str, ...]
    keys: frozenset[tuple[str, ...]]


def clean_header_name(raw: object) -> str:
    """Clean one header cell: drop formula text, newlines, repeated and trailing spaces."""
    if raw is None:
        return ""

    text = str(raw)
    text = FORMULA_SUFFIX.sub("", text)
    text = BRACKET_SUFFIX.sub("", text.rstrip())
    return WHITESPACE.sub(" ", text).strip()


def name_key(name: str) -> str:
    """Normalise a header name for matching: lower case, words only, no currency marks."""
    words = NON_ALPHANUMERIC.sub(" ", clean_header_name(name).lower()).split()
    return " ".join(word for word in words if word not in CURRENCY_TOKENS)


def path_key(path: str) -> tuple[str, ...]:
    """Normalise an alias such as `Total Offer Amount / Total` into a tuple of name keys."""
    parts = (name_key(part) for part in path.split(PATH_SEPARATOR))
    return tuple(part for part in parts if part)


def flatten_header(band: Sequence[Sequence[object]]) -> list[Column]:
    """Build the columns of a header band, given its rows from the top group row down.

    A blank cell takes the nearest name to its left on the same row when a lower row names
    the column, which is how merged group cells read. Columns with no name on any row are
    spacers and are left out. Repeated flattened names get ` (2)`, ` (3)` and so on.
    """
    width = max((len(row) for row in band), default=0)
    carried: list[str] = [""] * len(band)
    seen: dict[str, int] = {}
    columns: list[Column] = []

    for index in range(width):
        explicit = [clean_header_name(row[index]) if index < len(row) else "" for row in band]
        if not any(explicit):
            continue

        for level, name in enumerate(explicit):
            if name:
                carried[level] = name
                carried[level + 1 :] = [""] * (len(band) - level - 1)

        deepest = max(level for level, name in enumerate(explicit) if name)
        parts = _without_repeats(carried[: deepest + 1])

        name = PATH_SEPARATOR.join(parts)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} ({seen[name]})"

        columns.append(Column(index=index, name=name, parts=parts, keys=_suffix_keys(parts)))

    return columns


def _without_repeats(names: list[str]) -> tuple[str, ...]:
    parts: list[str] = []
    for name in names:
        if name and (not parts or name_key(parts[-1]) != name_key(name)):
            parts.append(name)
    return tuple(parts)


def _suffix_keys(parts: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    keys = tuple(key for key in (name_key(part) for part in parts) if key)
    return frozenset(keys[start:] for start in range(len(keys)))
