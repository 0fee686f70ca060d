"""Read a report file (CSV or XLSX) into grids: lists of rows of raw cell values."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

Grid = list[list[object]]

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})

# Seller Hub CSVs are UTF-8 (often with a byte-order mark); files re-saved by Excel on Windows
# are cp1252.
CSV_ENCODINGS = ("utf-8-sig", "cp1252")


class ReportFileError(ValueError):
    """A report file that cannot be opened or has no table of the expected report."""


def read_grids(path: Path) -> dict[str, Grid]:
    """Read every sheet of an XLSX file, or the one table of a CSV file (named after the file)."""
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path)
    if suffix in CSV_SUFFIXES:
        return {path.stem: _read_csv(path)}
    raise ReportFileError(
        f"{path.name}: unsupported file type {path.suffix!r}; upload the report as .xlsx or .csv"
    )


def _read_csv(path: Path) -> Grid:
    data = path.read_bytes()

    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        reader = csv.reader(io.StringIO(text, newline=""))
        return [[cell if cell != "" else None for cell in row] for row in reader]

    raise ReportFileError(f"{path.name}: the file is neither UTF-8 nor cp1252 text")


def _read_xlsx(path: Path) -> dict[str, Grid]:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError) as error:
        raise ReportFileError(f"{path.name}: not a readable XLSX workbook ({error})") from error

    try:
        grids: dict[str, Grid] = {}
        for sheet in workbook.worksheets:
            # Seller Hub declares every sheet's dimension as A1, and read-only mode trusts the
            # declaration, so without this reset each sheet reads as a single cell.
            sheet.reset_dimensions()
            grids[sheet.title] = [list(row) for row in sheet.iter_rows(values_only=True)]
        return grids
    finally:
        workbook.close()
