"""Gapless invoice and credit-note numbers from a row-locked counter in the operational store.

The caller takes a number and records the document that carries it in one write transaction.
On PostgreSQL the counter row stays locked (`SELECT ... FOR UPDATE`) until that transaction
commits, and on SQLite the writing transaction already holds the database write lock (BEGIN
IMMEDIATE). A rolled-back issue therefore also rolls back its number, so the series has no gaps
and two processes never take the same number.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sellerops.documents.numbering import financial_year, format_number
from sellerops.models import DocumentSeries


def lock_series(
    session: Session, tenant_id: str, gstin: str, kind: str, day: date
) -> DocumentSeries:
    """Lock and return the series of `gstin`, `kind` and the financial year of `day`.

    The first document of a series inserts its row inside a savepoint. When another process
    inserted it first, the insert fails once that process commits, and the row is then read
    and locked like any other. Locking the tenant row instead would deadlock on PostgreSQL,
    because every insert of a document takes a key-share lock on its tenant row.
    """
    year = financial_year(day)
    series = _select_for_update(session, gstin, kind, year)
    if series is not None:
        return series

    try:
        with session.begin_nested():
            session.add(
                DocumentSeries(
                    tenant_id=tenant_id, gstin=gstin, financial_year=year, kind=kind, next_number=1
                )
            )
    except IntegrityError:
        pass
    series = _select_for_update(session, gstin, kind, year)
    if series is None:
        raise RuntimeError(f"Series {kind} {year} of GSTIN {gstin} vanished after its insert.")
    return series


def take_number(series: DocumentSeries) -> str:
    """Return the next number of a locked series and advance its counter."""
    number = format_number(series.kind, series.financial_year, series.next_number)
    series.next_number += 1
    return number


def _select_for_update(session: Session, gstin: str, kind: str, year: str) -> DocumentSeries | None:
    statement = (
        select(DocumentSeries)
        .where(
            DocumentSeries.gstin == gstin,
            DocumentSeries.kind == kind,
            DocumentSeries.financial_year == year,
        )
        .with_for_update()
    )
    return session.scalars(statement).one_or_none()
