"""Read a report file (CSV or XLSX) into grids: lists of rows of raw cell values."""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

Grid = list[list[object]]

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})

# Seller Hub CSVs are UTF-8 (often with a byte-order mark); files re-saved by Excel on Windows
# are cp1252.
CSV_ENCODINGS = ("utf-8-sig", "cp1252")

# The csv module rejects a field longer than 131,072 characters by default. Report cells are
# short, but a product description or a pasted note can pass that, so allow up to 10 MB.
MAX_CSV_FIELD_CHARS = 10 * 1024 * 1024

# Separators that a CSV re-saved with another locale's list separator uses instead of commas.
OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs"}


class ReportFileError(ValueError):
    """A report file that cannot be opened or has no table of the expected report."""


def read_grids(path: Path, file_name: str | None = None) -> dict[str, Grid]:
    """Read every sheet of an XLSX file, or the one table of a CSV file (named after the file).

    `file_name` (default: the name of `path`) is the name that errors and the CSV table carry,
    so a stored copy of an upload can be read under the name it was uploaded as.
    """
    name = Path(file_name or path.name)
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, name.name)
    if suffix in CSV_SUFFIXES:
        return {name.stem: _read_csv(path, name.name)}
    raise ReportFileError(
        f"{name.name}: unsupported file type {path.suffix!r}; upload the report as .xlsx or .csv"
    )


def _read_csv(path: Path, file_name: str) -> Grid:
    data = path.read_bytes()

    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        grid = _parse_csv(text, file_name)
        _check_delimiter(grid, file_name)
        return grid

    raise ReportFileError(f"{file_name}: the file is neither UTF-8 nor cp1252 text")


def _parse_csv(text: str, file_name: str) -> Grid:
    if csv.field_size_limit() < MAX_CSV_FIELD_CHARS:
        csv.field_size_limit(MAX_CSV_FIELD_CHARS)

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return [[cell if cell != "" else None for cell in row] for row in reader]
    except csv.Error as error:
        raise ReportFileError(
            f"{file_name}: line {reader.line_num} cannot be read as CSV ({error}); a cell longer "
            f"than {MAX_CSV_FIELD_CHARS:,} characters or a broken quote is the usual cause. "
            f"Download the report from Seller Hub again, or upload it as .xlsx"
        ) from error


def _check_delimiter(grid: Grid, file_name: str) -> None:
    """Reject a CSV whose first row is one cell split by semicolons or tabs instead of commas."""
    first = next((row for row in grid if any(cell is not None for cell in row)), None)
    if first is None or len(first) != 1 or not isinstance(first[0], str):
        return

    for delimiter, name in OTHER_DELIMITERS.items():
        if first[0].count(delimiter) >= 2:
            raise ReportFileError(
                f"{file_name}: the columns are separated by {name}, not commas; save the file "
                f"as 'CSV (Comma delimited)', or upload the original Seller Hub download"
            )


def _read_xlsx(path: Path, file_name: str) -> dict[str, Grid]:
    # A file that is no ZIP archive (a renamed CSV, a truncated download) raises BadZipFile, and
    # an archive without a workbook part raises KeyError.
    if not path.is_file():
        raise ReportFileError(f"{file_name}: file {path} does not exist; check the path.")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ReportFileError(
            f"{file_name}: not a readable XLSX workbook ({error}); download the report from "
            f"Seller Hub again, or upload it as .csv"
        ) from error

    grids: dict[str, Grid] = {}
    try:
        for sheet in workbook.worksheets:
            # Seller Hub declares every sheet's dimension as A1, and read-only mode trusts the
            # declaration, so without this reset each sheet reads as a single cell.
            sheet.reset_dimensions()
            grids[sheet.title] = _read_sheet(sheet, file_name)
        return grids
    finally:
        workbook.close()


def _read_sheet(sheet: ReadOnlyWorksheet, file_name: str) -> Grid:
    # Read-only mode parses the sheet XML while iterating, so a truncated or corrupt sheet part
    # fails here rather than when the workbook opens.
    try:
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except (ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError) as error:
        raise ReportFileError(
            f"{file_name}: sheet {sheet.title!r} is corrupt ({error}); download the report "
            f"from Seller Hub again, or upload it as .csv"
        ) from error
