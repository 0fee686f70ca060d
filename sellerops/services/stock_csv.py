"""CSV import and export of the SKU master and of stock counts, with row-level validation.

Each bad row is reported with its line number (the header is line 1) and the reason, and the
good rows are loaded. A file whose header is unusable is rejected as a whole.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sellerops.errors import InvalidInputError
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.catalog import MASTER_FIELDS, SkuInput, list_skus, upsert_skus, validate_sku
from sellerops.services.stock import stock_levels
from sellerops.services.stock_counts import StockCount, apply_counts, check_counts
from sellerops.services.stock_values import FORMULA_PREFIXES, parse_units

logger = logging.getLogger("sellerops.services")

SKU_COLUMNS = ("sku", *MASTER_FIELDS)
# SKU master fields stored as whole numbers; the others are text or decimals.
INTEGER_FIELDS = frozenset({"weight_g", "low_stock_threshold", "safety_buffer"})
STOCK_COLUMNS = ("sku", "location_id", "quantity", "reason")
REQUIRED_STOCK_COLUMNS = ("sku", "location_id", "quantity")
# Columns of `export_stock_csv` that an import ignores, so an exported file imports again.
EXPORT_ONLY_COLUMNS = ("reserved", "damaged", "available")


@dataclass(frozen=True)
class CsvImportResult:
    """Rows loaded and rows rejected, each rejection as (line number, reason)."""

    loaded: int
    rejected: list[tuple[int, str]] = field(default_factory=list)


def import_skus_csv(actor: Actor, text: str) -> CsvImportResult:
    """Upsert the SKU master rows of a CSV; rows that fail `validate_sku` are reported."""
    authorize(actor, Action.STOCK_UPLOAD, object_type="sku_master", object_id=actor.tenant_id)

    good: list[SkuInput] = []
    rejected: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    for line, row in _rows(text, required=("sku",), allowed=SKU_COLUMNS):
        try:
            checked = validate_sku(line, _sku_input(row))
        except InvalidInputError as error:
            rejected.append((line, str(error)))
            continue
        if checked.sku in first_line:
            reason = f"sku {checked.sku!r} repeats line {first_line[checked.sku]}; give it once"
            rejected.append((line, reason))
            continue
        first_line[checked.sku] = line
        good.append(checked)

    if good:
        upsert_skus(actor, good)
    _record_upload(actor, len(good), rejected)
    _log_upload(actor, "sku_master", len(good), rejected)
    return CsvImportResult(len(good), rejected)


def import_stock_csv(actor: Actor, text: str) -> CsvImportResult:
    """Record each row of a stock CSV as a count: on hand becomes `quantity` at the location.

    Rows with an unknown SKU, a quantity that is negative or not a whole number, or a SKU and
    location that appear on more than one line are rejected; the other rows are counted.
    """
    authorize(actor, Action.STOCK_UPLOAD, object_type="stock_level", object_id=actor.tenant_id)

    counts: list[StockCount] = []
    rejected: list[tuple[int, str]] = []
    allowed = (*STOCK_COLUMNS, *EXPORT_ONLY_COLUMNS)
    for line, row in _rows(text, required=REQUIRED_STOCK_COLUMNS, allowed=allowed):
        try:
            counts.append(_stock_count(line, row))
        except InvalidInputError as error:
            rejected.append((line, str(error)))

    good, bad = check_counts(actor, counts)
    rejected.extend(bad)
    loaded = apply_counts(actor, good, len(rejected))
    _log_upload(actor, "stock_level", loaded, rejected)
    return CsvImportResult(loaded, sorted(rejected))


def export_skus_csv(actor: Actor) -> str:
    """Return the SKU master as CSV, in the columns `import_skus_csv` reads."""
    rows = [{name: _cell(getattr(view, name)) for name in SKU_COLUMNS} for view in list_skus(actor)]
    return _write(SKU_COLUMNS, rows)


def export_stock_csv(actor: Actor) -> str:
    """Return stock levels as CSV: `quantity` is on hand, so the file imports as a count."""
    columns = ("sku", "location_id", "quantity", *EXPORT_ONLY_COLUMNS)
    rows = [
        {
            "sku": _cell(level.sku),
            "location_id": _cell(level.location_id),
            "quantity": level.on_hand,
            "reserved": level.reserved,
            "damaged": level.damaged,
            "available": level.available,
        }
        for level in stock_levels(actor)
    ]
    return _write(columns, rows)


def _rows(
    text: str, *, required: tuple[str, ...], allowed: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row by lower-case column) for every non-blank data row.

    A row with fewer cells than the header gets "" for the missing columns. Raises
    `InvalidInputError` for an unusable header or a line the csv module cannot parse.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = [name.strip().lower() for name in _next_cells(reader) or []]
    _check_header(header, required=required, allowed=allowed)

    while (cells := _next_cells(reader)) is not None:
        if not any(cell.strip() for cell in cells):
            continue
        line = reader.line_num
        if len(cells) > len(header):
            yield line, {"__error__": f"line {line} has {len(cells)} cells for {len(header)}"}
            continue
        row = dict.fromkeys(header, "")
        row.update((name, cell.strip()) for name, cell in zip(header, cells, strict=False))
        yield line, row


def _next_cells(reader: Any) -> list[str] | None:
    # The csv module raises csv.Error on a field over `csv.field_size_limit()`: 131072
    # characters by default, 10 MB once the report readers have raised the process-wide limit.
    # Shorter cells still meet the length checks of each column. Reading on after the error
    # could parse the rest of a quoted multi-line cell as rows, so the whole file is rejected.
    try:
        return next(reader, None)
    except csv.Error as error:
        line = reader.line_num
        raise InvalidInputError(
            f"The CSV cannot be read at line {line}: {error}; no rows were loaded. Fix that "
            f"line (cells hold at most {csv.field_size_limit()} characters) and upload again."
        ) from None


def _check_header(
    header: list[str], *, required: tuple[str, ...], allowed: tuple[str, ...]
) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise InvalidInputError(
            f"The CSV header lacks {', '.join(missing)}; its first line must name the columns "
            f"{', '.join(allowed)}."
        )
    unknown = [name for name in header if name not in allowed]
    if unknown:
        raise InvalidInputError(
            f"The CSV has unknown columns {', '.join(map(repr, unknown))}; use "
            f"{', '.join(allowed)}."
        )
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise InvalidInputError(
            f"The CSV header names {', '.join(map(repr, repeated))} more than once; give each "
            f"column once."
        )


def _sku_input(row: dict[str, str]) -> SkuInput:
    if "__error__" in row:
        raise InvalidInputError(f"{row['__error__']} columns; quote cells that hold commas.")
    values: dict[str, object] = {}
    for name in SKU_COLUMNS:
        cell = row.get(name, "")
        if name in INTEGER_FIELDS:
            values[name] = _optional_units(name, cell)
        elif name in ("sku", "title"):
            values[name] = cell
        else:
            values[name] = cell or None
    return SkuInput(**values)  # type: ignore[arg-type]


def _stock_count(line: int, row: dict[str, str]) -> StockCount:
    if "__error__" in row:
        raise InvalidInputError(f"{row['__error__']} columns; quote cells that hold commas.")
    if not row["sku"]:
        raise InvalidInputError("sku is empty; give the seller's SKU id")
    if not row["location_id"]:
        raise InvalidInputError("location_id is empty; give the seller location (LOC...)")
    quantity = _optional_units("quantity", row["quantity"])
    if quantity is None:
        raise InvalidInputError("quantity is empty; give the counted units")
    return StockCount(line, row["sku"], row["location_id"], quantity, row.get("reason") or None)


def _optional_units(name: str, cell: str) -> int | None:
    if not cell:
        return None
    try:
        return parse_units(cell)
    except ValueError:
        raise InvalidInputError(f"{name} {cell!r} is not a whole number") from None


def _record_upload(actor: Actor, loaded: int, rejected: list[tuple[int, str]]) -> None:
    # `upsert_skus` audits the rows it wrote as `sku.edit`; this entry records the upload.
    detail = {"loaded": loaded, "rejected": len(rejected)}
    with actor.store.write(actor.tenant_id) as session:
        record_success(
            session,
            actor,
            Action.STOCK_UPLOAD,
            object_type="sku_master",
            object_id=actor.tenant_id,
            detail=detail,
        )


def _log_upload(
    actor: Actor, object_type: str, loaded: int, rejected: list[tuple[int, str]]
) -> None:
    logger.info(
        "%s uploaded %s CSV: %d rows loaded, %d rejected",
        actor.label,
        object_type,
        loaded,
        len(rejected),
    )


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # A spreadsheet runs a cell starting with one of these as a formula (CSV injection);
        # the leading quote makes it show as text. Numbers are written as they are.
        return "'" + value
    return value


def _write(columns: tuple[str, ...], rows: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
