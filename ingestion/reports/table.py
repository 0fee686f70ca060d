"""Locate the table in a report grid: its header band, its columns and its data rows."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ingestion.reports.dates import ISO_DATE, SLASH_DATE
from ingestion.reports.grid import Grid
from ingestion.reports.headers import Column, flatten_header, name_key
from ingestion.reports.values import CellValueError, parse_decimal

# Headers sit below at most this many preamble rows.
HEADER_SCAN_ROWS = 60

# A header row must name at least this many of the expected columns.
MIN_HEADER_MATCHES = 2

# A row with this few filled cells in a table of at least FOOTNOTE_MIN_COLUMNS columns reads as
# a footnote or separator. Such rows, and rows that open with a total label, end the table only
# when no later row reads as data, so a sparse row inside the table cannot hide the rows below.
FOOTNOTE_MAX_CELLS = 2
FOOTNOTE_MIN_COLUMNS = 6

TOTAL_LABEL = re.compile(r"^(grand\s+)?totals?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Table:
    """The header and data rows of one report table, with 1-based row numbers."""

    columns: list[Column]
    header_row_number: int
    rows: list[tuple[int, list[object]]]
    ignored_row_numbers: list[int]

    @property
    def ignored_row_count(self) -> int:
        """Number of non-blank rows after the last data row (totals and footnotes)."""
        return len(self.ignored_row_numbers)


def score_header_row(row: Sequence[object], header_keys: Collection[str]) -> int:
    """Count the distinct cells of a row whose normalised name is one of `header_keys`."""
    keys = {name_key(str(cell)) for cell in row if isinstance(cell, str)}
    return len(keys & set(header_keys))


def find_table(grid: Grid, header_keys: Collection[str]) -> Table | None:
    """Find the table whose header names most `header_keys`; None when no row names enough."""
    scan = grid[:HEADER_SCAN_ROWS]
    scores = [score_header_row(row, header_keys) for row in scan]
    if not scores or max(scores) < MIN_HEADER_MATCHES:
        return None

    anchor = scores.index(max(scores))
    top = anchor - 1 if anchor > 0 and _is_label_row(grid[anchor - 1]) else anchor
    has_sub_header = anchor + 1 < len(grid) and _is_sub_header(grid[anchor + 1], header_keys)
    bottom = anchor + 1 if has_sub_header else anchor

    columns = flatten_header(grid[top : bottom + 1])
    rows, ignored = _data_rows(grid, first=bottom + 1, column_count=len(columns))
    return Table(
        columns=columns,
        header_row_number=anchor + 1,
        rows=rows,
        ignored_row_numbers=ignored,
    )


def _data_rows(
    grid: Grid, *, first: int, column_count: int
) -> tuple[list[tuple[int, list[object]]], list[int]]:
    """Split the rows below the header into data rows and the trailing non-data rows.

    Returns (row number, cells) of each data row and the row numbers of the ignored rows, all
    1-based. Every non-blank row up to the last one that reads as data is a data row.
    """
    filled_rows = [
        (index + 1, grid[index])
        for index in range(first, len(grid))
        if any(not _is_blank(cell) for cell in grid[index])
    ]

    end = len(filled_rows)
    while end > 0 and _is_non_data(filled_rows[end - 1][1], column_count):
        end -= 1

    ignored = [row_number for row_number, _ in filled_rows[end:]]
    return filled_rows[:end], ignored


def _is_non_data(row: Sequence[object], column_count: int) -> bool:
    """Return whether a row reads as a total line, footnote or separator."""
    filled = [cell for cell in row if not _is_blank(cell)]
    first = filled[0]
    if isinstance(first, str) and TOTAL_LABEL.match(first.strip()):
        return True
    return column_count >= FOOTNOTE_MIN_COLUMNS and len(filled) <= FOOTNOTE_MAX_CELLS


def _is_sub_header(row: Sequence[object], header_keys: Collection[str]) -> bool:
    """Return whether the row below the header row is a sub-header row of column names.

    Only names make a sub-header, and at least one must be an expected header name, as
    `Total` and `Free Shipping Offer` are. An all-text first data row such as `R1, OI1, OD1,
    courier_return` names no expected column, so it stays data. Flattening it into the
    header would also hide the header names it sits under.
    """
    return _is_label_row(row) and score_header_row(row, header_keys) > 0


def _is_label_row(row: Sequence[object]) -> bool:
    """Return whether a row holds only names: text that reads as neither a number nor a date."""
    filled = [cell for cell in row if not _is_blank(cell)]
    if not filled:
        return False
    return all(isinstance(cell, str) and _is_label(cell) for cell in filled)


def _is_label(text: str) -> bool:
    stripped = text.strip()
    if ISO_DATE.match(stripped) or SLASH_DATE.match(stripped):
        return False
    try:
        parse_decimal(stripped)
    except CellValueError:
        return True
    return False


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
