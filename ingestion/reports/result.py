"""The result of reading a report: typed rows, rejected rows and counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

RowT = TypeVar("RowT")

# Cell text kept in an error record is cut to this many characters.
MAX_ERROR_VALUE_CHARS = 200


class MissingColumnError(ValueError):
    """A report file that lacks a column the reader requires."""

    def __init__(self, *, report: str, file_name: str, column: str, aliases: tuple[str, ...]):
        looked_for = ", ".join(repr(alias) for alias in aliases)
        super().__init__(
            f"{report} {file_name}: required column {column!r} not found "
            f"(looked for {looked_for}); check that the file is an unedited {report} download"
        )
        self.report = report
        self.file_name = file_name
        self.column = column


@dataclass(frozen=True)
class RowError:
    """One cell of a report row that could not be read, which keeps its row out of the import.

    `row_number` is the spreadsheet row (1-based) as Excel shows it; `column` is the header
    name found in the file, or None for an error about the whole row.
    """

    row_number: int
    column: str | None
    value: str | None
    reason: str

    @classmethod
    def for_cell(cls, row_number: int, column: str, raw: object, reason: str) -> RowError:
        """Build the error for one cell, keeping the cell text as found (cut if very long)."""
        value = None if raw is None else str(raw)[:MAX_ERROR_VALUE_CHARS]
        return cls(row_number=row_number, column=column, value=value, reason=reason)


@dataclass
class ReadResult(Generic[RowT]):
    """Rows read from one report table, the errors of the rows that were rejected, and counts.

    `rows_read` counts non-blank data rows; each is either loaded into `rows` or rejected with
    one or more entries in `errors`. `row_numbers` contains the spreadsheet row (1-based) of each
    entry of `rows`, in the same order. `ignored_row_numbers` holds the non-blank rows after
    the last data row (totals and footnotes), which are not data. `warnings` describes oddities
    of the file that rejected no row, such as a header name that appears twice.
    """

    report: str
    file_name: str
    sheet: str
    header_row_number: int
    column_names: dict[str, str]
    rows: list[RowT] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_row_numbers: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0

    @property
    def rows_ignored(self) -> int:
        """Number of non-blank rows after the last data row."""
        return len(self.ignored_row_numbers)

    @property
    def rows_loaded(self) -> int:
        """Number of rows read without error."""
        return len(self.rows)

    @property
    def rejected_row_numbers(self) -> list[int]:
        """Row numbers of the rejected rows, in file order."""
        return sorted({error.row_number for error in self.errors})
