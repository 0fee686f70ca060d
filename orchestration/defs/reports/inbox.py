"""The upload inbox: `<data_dir>/uploads/<tenant_slug>/inbox/<account_id>/<file>`.

The dashboard writes a file under a name starting with a dot and renames it when complete, so
hidden files are never picked up half written. Files directly in `inbox/` name no account and
are skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingestion.reports.grid import CSV_SUFFIXES, XLSX_SUFFIXES
from sellerops.services.provisioning import SLUG_PATTERN
from sellerops.services.report_imports import UPLOADS_DIR

logger = logging.getLogger(__name__)

INBOX_DIR = "inbox"
SUPPORTED_SUFFIXES = XLSX_SUFFIXES | CSV_SUFFIXES


@dataclass(frozen=True)
class DroppedFile:
    """A report file waiting in a tenant's inbox for one seller account."""

    tenant_slug: str
    account_id: str
    path: Path


def inbox_dir(data_dir: Path, tenant_slug: str, account_id: str) -> Path:
    """Return the folder where files for one seller account are dropped."""
    return data_dir / UPLOADS_DIR / tenant_slug / INBOX_DIR / account_id


def dropped_files(data_dir: Path) -> Iterator[DroppedFile]:
    """Yield every complete report file in every tenant's inbox, sorted by path."""
    for inbox in sorted((data_dir / UPLOADS_DIR).glob(f"*/{INBOX_DIR}")):
        tenant_slug = inbox.parent.name
        if not SLUG_PATTERN.match(tenant_slug) or not inbox.is_dir():
            continue

        for entry in sorted(inbox.iterdir()):
            if entry.is_file() and not entry.name.startswith("."):
                logger.warning("Skipped %s: put report files in %s/<account id>/", entry, inbox)
                continue
            if not entry.is_dir() or entry.name.startswith("."):
                continue
            for path in sorted(entry.iterdir()):
                if _is_report(path):
                    yield DroppedFile(tenant_slug, entry.name, path)


def _is_report(path: Path) -> bool:
    return (
        path.is_file()
        and not path.name.startswith(".")
        and path.suffix.lower() in SUPPORTED_SUFFIXES
    )
