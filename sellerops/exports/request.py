"""The scope of an export: a report kind, a period of IST calendar days and one or all accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sellerops.errors import InvalidInputError

FORMATS = ("csv", "pdf")


@dataclass(frozen=True)
class ExportRequest:
    """An export of `kind` for `start`..`end` (both included); `account_id` None means all."""

    kind: str
    start: date
    end: date
    account_id: str | None = None
    format: str = "csv"

    def __post_init__(self) -> None:
        from sellerops.exports.catalog import EXPORTS

        if self.kind not in EXPORTS:
            raise InvalidInputError(
                f"Unknown export {self.kind!r}; use one of: {', '.join(EXPORTS)}."
            )
        if self.format not in FORMATS:
            raise InvalidInputError(
                f"Unknown export format {self.format!r}; use one of: {', '.join(FORMATS)}."
            )
        if not isinstance(self.start, date) or not isinstance(self.end, date):
            raise InvalidInputError("The export period needs a start and an end date.")
        if self.start > self.end:
            raise InvalidInputError(
                f"The export period starts {self.start.isoformat()} after it ends "
                f"{self.end.isoformat()}; swap the dates."
            )

    @property
    def file_stem(self) -> str:
        """File name without extension, e.g. `gst_summary_2025-05-01_2025-05-31`."""
        return f"{self.kind}_{self.start.isoformat()}_{self.end.isoformat()}"
