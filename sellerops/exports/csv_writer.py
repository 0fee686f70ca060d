"""CSV files of export frames, safe to open in a spreadsheet."""

from __future__ import annotations

import polars as pl

# A text cell starting with one of these is run as a formula by Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_csv(frame: pl.DataFrame) -> bytes:
    """Return the frame as UTF-8 CSV with a header row; dates ISO, money with two decimals.

    Text cells that a spreadsheet would run as a formula get a leading apostrophe, so a SKU
    or a return reason such as `=HYPERLINK(...)` stays text.
    """
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    guarded = frame.with_columns(
        pl.when(pl.any_horizontal(pl.col(name).str.starts_with(s) for s in FORMULA_STARTS))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text_columns
    )
    return guarded.write_csv().encode("utf-8")
