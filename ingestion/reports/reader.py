"""Read one report table into typed rows through a column map, keeping unreadable rows."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Generic, Literal, TypeVar

from openpyxl.utils import get_column_letter

from ingestion.reports.dates import parse_date
from ingestion.reports.grid import Grid, ReportFileError, read_grids
from ingestion.reports.headers import PATH_SEPARATOR, Column, name_key, path_key
from ingestion.reports.result import MissingColumnError, ReadResult, RowError
from ingestion.reports.table import Table, find_table
from ingestion.reports.values import (
    CellValueError,
    parse_count,
    parse_decimal,
    parse_id,
    parse_text,
)

logger = logging.getLogger(__name__)

RowT = TypeVar("RowT")
Kind = Literal["id", "text", "decimal", "count", "date"]

PARSERS: dict[str, Callable[[object], object]] = {
    "id": parse_id,
    "text": parse_text,
    "decimal": partial(parse_decimal, allow_percent=False),
    "count": parse_count,
    "date": parse_date,
}

# Decimal fields whose cells may carry a `%` sign: rates and percentages, never amounts.
RATE_FIELD_SUFFIXES = ("_rate", "_percent")

# Ignored row numbers listed in the log line, at most.
MAX_LOGGED_ROW_NUMBERS = 10


@dataclass(frozen=True)
class ColumnSpec:
    """One field of a report row: the header spellings it goes by and how its cells parse.

    An alias may name a path through a multi-row header, such as `Total Offer Amount / Total`.
    It matches a column whose flattened name ends with those parts, after normalising.
    `required` columns must exist in the file; `not_null` cells must hold a value. A
    `non_negative` cell must not be below zero, and a `unique` value may appear on one loaded
    row of a file only, so a repeat is rejected.
    """

    field: str
    aliases: tuple[str, ...]
    kind: Kind = "text"
    required: bool = False
    not_null: bool = False
    non_negative: bool = False
    unique: bool = False


@dataclass(frozen=True)
class ReportSpec(Generic[RowT]):
    """A report type: its name, the sheets it lives on, its column map and its row builder."""

    name: str
    columns: tuple[ColumnSpec, ...]
    build: Callable[[dict[str, object]], RowT]
    sheet_names: tuple[str, ...] = ()

    def header_keys(self) -> set[str]:
        """Name keys of every alias part, used to find the header row."""
        return {part for spec in self.columns for alias in spec.aliases for part in path_key(alias)}


def read_report(
    path: Path, spec: ReportSpec[RowT], grids: Mapping[str, Grid] | None = None
) -> ReadResult[RowT]:
    """Read the report table of `path` (or of its already-read `grids`) as typed rows."""
    grids = read_grids(path) if grids is None else grids
    sheet, table = _choose_table(path, spec, grids)
    mapped = _map_columns(path, spec, table.columns)

    result: ReadResult[RowT] = ReadResult(
        report=spec.name,
        file_name=path.name,
        sheet=sheet,
        header_row_number=table.header_row_number,
        column_names={field: column.name for field, (_, column) in mapped.items()},
        ignored_row_numbers=list(table.ignored_row_numbers),
        warnings=_duplicate_header_warnings(spec, table, mapped),
    )
    # Value -> first row number, of each unique field, over the loaded rows.
    seen: dict[str, dict[object, int]] = {
        field: {} for field, (column_spec, _) in mapped.items() if column_spec.unique
    }

    for row_number, cells in table.rows:
        result.rows_read += 1
        values, errors = _parse_row(row_number, cells, spec, mapped)
        if not errors:
            errors = _repeat_errors(row_number, values, mapped, seen)
        if errors:
            result.rows_rejected += 1
            result.errors.extend(errors)
            continue
        result.rows.append(spec.build(values))
        result.row_numbers.append(row_number)

    _log_result(result)
    return result


def _log_result(result: ReadResult[RowT]) -> None:
    logger.info(
        "Read %s %s (sheet %r): %d rows read, %d loaded, %d rejected, %d trailing rows ignored",
        result.report,
        result.file_name,
        result.sheet,
        result.rows_read,
        result.rows_loaded,
        result.rows_rejected,
        result.rows_ignored,
    )
    if result.ignored_row_numbers:
        logged_numbers = result.ignored_row_numbers[:MAX_LOGGED_ROW_NUMBERS]
        logger.info(
            "%s %s: ignored rows %s%s after the last data row",
            result.report,
            result.file_name,
            ", ".join(str(number) for number in logged_numbers),
            " and more" if result.rows_ignored > len(logged_numbers) else "",
        )
    for warning in result.warnings:
        logger.warning("%s %s: %s", result.report, result.file_name, warning)


def _choose_table(
    path: Path, spec: ReportSpec[RowT], grids: Mapping[str, Grid]
) -> tuple[str, Table]:
    preferred = {name_key(name) for name in spec.sheet_names}
    ordered = sorted(grids, key=lambda sheet: name_key(sheet) not in preferred)
    expected_keys = spec.header_keys()

    for sheet in ordered:
        table = find_table(grids[sheet], expected_keys)
        if table is not None:
            return sheet, table

    raise ReportFileError(
        f"{spec.name} {path.name}: no sheet has a header row naming the report's columns; "
        f"check that the file is a Seller Hub {spec.name} download"
    )


def _map_columns(
    path: Path, spec: ReportSpec[RowT], columns: list[Column]
) -> dict[str, tuple[ColumnSpec, Column]]:
    mapped: dict[str, tuple[ColumnSpec, Column]] = {}

    for column_spec in spec.columns:
        column = _find_column(column_spec, columns)
        if column is not None:
            mapped[column_spec.field] = (column_spec, column)
        elif column_spec.required:
            raise MissingColumnError(
                report=spec.name,
                file_name=path.name,
                column=column_spec.aliases[0],
                aliases=column_spec.aliases,
            )

    return mapped


def _find_column(column_spec: ColumnSpec, columns: list[Column]) -> Column | None:
    """Return the leftmost column matching the first alias that matches any column."""
    for alias in column_spec.aliases:
        key = path_key(alias)
        for column in columns:
            if key in column.keys:
                return column
    return None


def _parse_row(
    row_number: int,
    cells: list[object],
    spec: ReportSpec[RowT],
    mapped: dict[str, tuple[ColumnSpec, Column]],
) -> tuple[dict[str, object], list[RowError]]:
    values: dict[str, object] = {}
    errors: list[RowError] = []

    for column_spec in spec.columns:
        if column_spec.field not in mapped:
            values[column_spec.field] = None
            continue

        _, column = mapped[column_spec.field]
        raw = cells[column.index] if column.index < len(cells) else None
        try:
            value = _parser_for(column_spec, column)(raw)
        except CellValueError as error:
            errors.append(RowError.for_cell(row_number, column.name, raw, str(error)))
            continue

        if value is None and column_spec.not_null:
            errors.append(RowError.for_cell(row_number, column.name, raw, "the cell is empty"))
        if column_spec.non_negative and isinstance(value, int | Decimal) and value < 0:
            reason = "the value is negative, which is invalid in this column; check the sign"
            errors.append(RowError.for_cell(row_number, column.name, raw, reason))
        values[column_spec.field] = value

    return values, errors


def _repeat_errors(
    row_number: int,
    values: dict[str, object],
    mapped: dict[str, tuple[ColumnSpec, Column]],
    seen: dict[str, dict[object, int]],
) -> list[RowError]:
    """Return an error for each unique field whose value an earlier loaded row has."""
    errors: list[RowError] = []

    for field, first_rows in seen.items():
        value = values[field]
        if value is None:
            continue
        if value in first_rows:
            column = mapped[field][1]
            reason = (
                f"{column.name} {value} repeats row {first_rows[value]}; each value may appear "
                f"once per file, so remove the repeated row"
            )
            errors.append(RowError.for_cell(row_number, column.name, value, reason))

    if not errors:
        for field, first_rows in seen.items():
            if values[field] is not None:
                first_rows[values[field]] = row_number
    return errors


def _duplicate_header_warnings(
    spec: ReportSpec[RowT], table: Table, mapped: dict[str, tuple[ColumnSpec, Column]]
) -> list[str]:
    """Describe each mapped header name that names several columns whose cells differ.

    Seller Hub's P&L repeats `Bank Settlement [Projected] (INR)` with equal cells, which is
    harmless, so only columns that disagree on some row get a warning.
    """
    mapped_indexes = {column.index for _, column in mapped.values()}
    by_key: dict[tuple[str, ...], list[Column]] = {}
    for column in table.columns:
        key = tuple(name_key(part) for part in column.parts)
        by_key.setdefault(key, []).append(column)

    warnings = []
    for columns in by_key.values():
        if len(columns) < 2 or columns[0].index not in mapped_indexes:
            continue
        differing = [number for number, cells in table.rows if _cells_differ(cells, columns)]
        if not differing:
            continue

        letters = ", ".join(get_column_letter(column.index + 1) for column in columns)
        warnings.append(
            f"header {PATH_SEPARATOR.join(columns[0].parts)!r} (row {table.header_row_number}) "
            f"names columns {letters}, whose cells differ on {len(differing)} row(s) (first: row "
            f"{differing[0]}); the {spec.name} reader reads column "
            f"{get_column_letter(columns[0].index + 1)}, so rename or delete the wrong column"
        )
    return warnings


def _cells_differ(cells: list[object], columns: list[Column]) -> bool:
    values = {
        repr(cells[column.index]) if column.index < len(cells) else None for column in columns
    }
    return len(values) > 1


def _parser_for(column_spec: ColumnSpec, column: Column) -> Callable[[object], object]:
    if column_spec.kind == "date" and "mm dd yy" in name_key(column.name):
        return partial(parse_date, month_first=True)
    if column_spec.kind == "decimal" and column_spec.field.endswith(RATE_FIELD_SUFFIXES):
        return parse_decimal
    return PARSERS[column_spec.kind]
