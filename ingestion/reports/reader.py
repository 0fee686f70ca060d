"""Read one report table into typed rows through a column map, keeping unreadable rows."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Generic, Literal, TypeVar

from ingestion.reports.grid import Grid, ReportFileError, read_grids
from ingestion.reports.headers import Column, name_key, path_key
from ingestion.reports.result import MissingColumnError, ReadResult, RowError
from ingestion.reports.table import Table, find_table
from ingestion.reports.values import (
    CellValueError,
    parse_count,
    parse_date,
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
    "decimal": parse_decimal,
    "count": parse_count,
    "date": parse_date,
}


@dataclass(frozen=True)
class ColumnSpec:
    """One field of a report row: the header spellings it goes by and how its cells parse.

    An alias may name a path through a multi-row header, such as `Total Offer Amount / Total`.
    It matches a column whose flattened name ends with those parts, after normalising.
    `required` columns must exist in the file; `not_null` cells must hold a value.
    """

    field: str
    aliases: tuple[str, ...]
    kind: Kind = "text"
    required: bool = False
    not_null: bool = False


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
        rows_ignored=table.ignored_row_count,
    )

    for row_number, cells in table.rows:
        result.rows_read += 1
        values, errors = _parse_row(row_number, cells, spec, mapped)
        if errors:
            result.rows_rejected += 1
            result.errors.extend(errors)
            continue
        result.rows.append(spec.build(values))
        result.row_numbers.append(row_number)

    logger.info(
        "Read %s %s (sheet %r): %d rows read, %d loaded, %d rejected, %d trailing rows ignored",
        spec.name,
        path.name,
        sheet,
        result.rows_read,
        result.rows_loaded,
        result.rows_rejected,
        result.rows_ignored,
    )
    return result


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
        values[column_spec.field] = value

    return values, errors


def _parser_for(column_spec: ColumnSpec, column: Column) -> Callable[[object], object]:
    if column_spec.kind == "date" and "mm dd yy" in name_key(column.name):
        return partial(parse_date, month_first=True)
    return PARSERS[column_spec.kind]
