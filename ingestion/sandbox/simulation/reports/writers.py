"""Write report grids (lists of rows of cells) as CSV and as XLSX in Seller Hub's manner.

The XLSX files copy two traits of Seller Hub downloads that readers must survive: merged group
cells above the column names, and a sheet dimension declared as `A1` whatever the sheet holds.
Both formats are byte-identical for the same grids, because the workbook's timestamps and the
ZIP entries' dates are fixed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

Cell = str | Decimal | int | None
Grid = Sequence[Sequence[Cell]]

DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')
MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")
# ZIP entry dates cannot be earlier than 1980.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Sheet:
    """One sheet to write: its title, its rows, and the 0-based rows of merged group cells."""

    title: str
    rows: Grid
    group_rows: tuple[int, ...] = field(default=())


def csv_text(cell: Cell) -> str:
    """Format one cell as CSV text; zero amounts print as `0`, as Seller Hub prints them."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal) and cell == 0:
        return "0"
    return str(cell)


def write_csv(path: Path, rows: Grid) -> None:
    """Write one grid as a UTF-8 CSV file with CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_text(cell) for cell in row])
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def write_xlsx(path: Path, sheets: Sequence[Sheet], created: datetime) -> None:
    """Write sheets as one XLSX workbook, with `created` as its creation and change time."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "Flipkart Seller Hub (SellerOps sandbox)"
    workbook.properties.created = created.replace(tzinfo=None)

    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title)
        for row in sheet.rows:
            worksheet.append([_xlsx_value(cell) for cell in row])
        for row_index in sheet.group_rows:
            _merge_groups(worksheet, sheet.rows, row_index)

    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_normalise_package(buffer.getvalue(), created))


def _xlsx_value(cell: Cell) -> Cell:
    if isinstance(cell, Decimal):
        return int(cell) if cell == 0 else cell
    return cell


def _merge_groups(worksheet, rows: Grid, row_index: int) -> None:
    """Merge each group name of a row across the blank cells that the row below names."""
    row = rows[row_index]
    below = rows[row_index + 1] if row_index + 1 < len(rows) else ()

    for start, cell in enumerate(row):
        if cell is None:
            continue
        end = start
        while (
            end + 1 < len(row)
            and row[end + 1] is None
            and end + 1 < len(below)
            and below[end + 1] is not None
        ):
            end += 1
        if end > start:
            excel_row = row_index + 1
            worksheet.merge_cells(
                f"{get_column_letter(start + 1)}{excel_row}:{get_column_letter(end + 1)}{excel_row}"
            )


def _normalise_package(data: bytes, created: datetime) -> bytes:
    """Declare every sheet's dimension as A1 and fix the change time and the ZIP entry dates."""
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()

    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                content = DIMENSION.sub(b'<dimension ref="A1"/>', content, count=1)
            if info.filename == "docProps/core.xml":
                content = MODIFIED.sub(
                    rb"<dcterms:modified\1>" + stamp + rb"</dcterms:modified>", content
                )
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)

    return output.getvalue()
