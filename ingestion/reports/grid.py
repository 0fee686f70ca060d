"""Read a report file (CSV or XLSX) into grids: lists of rows of raw cell values."""

from __future__ import annotations

import csv
import io
import zipfile
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
        reader = csv.reader(io.StringIO(text, newline=""))
        return [[cell if cell != "" else None for cell in row] for row in reader]

    raise ReportFileError(f"{file_name}: the file is neither UTF-8 nor cp1252 text")


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
