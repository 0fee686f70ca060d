"""The four Seller Hub report types: detect a file's type from its headers and read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingestion.reports.grid import Grid, ReportFileError
from ingestion.reports.headers import name_key, path_key
from ingestion.reports.orders import ORDERS_REPORT
from ingestion.reports.pnl import PNL_ORDERS_REPORT
from ingestion.reports.pnl_summary import SUMMARY_SHEET, PnlSummary, read_pnl_summary
from ingestion.reports.reader import ReportSpec, read_report
from ingestion.reports.result import ReadResult
from ingestion.reports.returns import RETURNS_REPORT
from ingestion.reports.settlement import SETTLEMENT_REPORT
from ingestion.reports.table import find_table

REPORT_SPECS: dict[str, ReportSpec[Any]] = {
    "settlement": SETTLEMENT_REPORT,
    "pnl": PNL_ORDERS_REPORT,
    "orders": ORDERS_REPORT,
    "returns": RETURNS_REPORT,
}
REPORT_TYPES = tuple(REPORT_SPECS)

# A file is of a type only when its best header row names at least this many of the type's
# columns. Every report has far more, while a stray table of ids (order id, SKU) has fewer.
MIN_DETECTED_COLUMNS = 4


class UnknownReportTypeError(ReportFileError):
    """A report file whose headers match none of the report types, or two of them equally."""


@dataclass(frozen=True)
class ParsedReport:
    """A report file read with its type's reader.

    `summary` is the P&L report's "Overall Summary" as stated, when the file has that sheet.
    """

    report_type: str
    result: ReadResult[Any]
    summary: PnlSummary | None = None

    @property
    def row_numbers(self) -> tuple[int, ...]:
        """Spreadsheet rows of `result.rows`, in the same order."""
        return tuple(self.result.row_numbers)


def detect_report_type(file_name: str, grids: Mapping[str, Grid]) -> str:
    """Return the report type whose columns the file's header row names most.

    Raises `UnknownReportTypeError` naming the file and the known types when no type reaches
    `MIN_DETECTED_COLUMNS` or two types match equally well.
    """
    scores = {report_type: _best_score(spec, grids) for report_type, spec in REPORT_SPECS.items()}
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (runner_up, runner_up_score) = ranked[0], ranked[1]

    known = ", ".join(REPORT_TYPES)
    if best_score < MIN_DETECTED_COLUMNS:
        raise UnknownReportTypeError(
            f"{file_name}: no header row names the columns of a Seller Hub report this import "
            f"reads ({known}); check the file, or choose its report type"
        )
    if best_score == runner_up_score:
        raise UnknownReportTypeError(
            f"{file_name}: the headers fit the {best} and {runner_up} reports equally "
            f"({best_score} columns each); choose the report type (one of {known})"
        )
    return best


def read_typed_report(path: Path, report_type: str, grids: Mapping[str, Grid]) -> ParsedReport:
    """Read the already-read `grids` of `path` as a `report_type` report.

    `path` only names the file in messages and results. Raises `ReportFileError` or
    `MissingColumnError` when the file is not a readable report of that type.
    """
    if report_type not in REPORT_SPECS:
        raise ValueError(f"Unknown report type {report_type!r}; use one of {REPORT_TYPES}.")

    spec = REPORT_SPECS[report_type]
    result = read_report(path, spec, grids)
    summary = None
    if report_type == "pnl" and any(name_key(sheet) == name_key(SUMMARY_SHEET) for sheet in grids):
        summary = read_pnl_summary(path, dict(grids))

    return ParsedReport(report_type, result, summary)


def _best_score(spec: ReportSpec[Any], grids: Mapping[str, Grid]) -> int:
    header_keys = spec.header_keys()
    best = 0

    for grid in grids.values():
        table = find_table(grid, header_keys)
        if table is None:
            continue
        found = sum(
            1
            for column_spec in spec.columns
            if any(
                path_key(alias) in column.keys
                for alias in column_spec.aliases
                for column in table.columns
            )
        )
        best = max(best, found)

    return best
