"""Seller Hub settlement and P&L report files written from the simulated marketplace."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..marketplace import Marketplace
from .build import FORMATS, TRUTH_FILE, PlantedOvercharge, WrittenReports, write_reports
from .period import ReportPeriod

__all__ = [
    "FORMATS",
    "TRUTH_FILE",
    "PlantedOvercharge",
    "ReportPeriod",
    "WrittenReports",
    "write_marketplace_reports",
    "write_reports",
]


def write_marketplace_reports(
    marketplace: Marketplace,
    out_dir: Path,
    period: ReportPeriod,
    *,
    overcharge_share: float = 0.0,
    formats: Sequence[str] = FORMATS,
    rate_card: Path | None = None,
) -> WrittenReports:
    """Write the reports of every seller of a marketplace as of its simulated now."""
    # NOTE: Marketplace has no public accessor for its worlds, so this reads the engine's
    # internals under its lock, as Marketplace.truth does.
    with marketplace._lock:
        now = marketplace._sync()
        return write_reports(
            marketplace._worlds,
            out_dir,
            period,
            seed=marketplace.config.seed,
            now=now,
            overcharge_share=overcharge_share,
            formats=formats,
            rate_card=rate_card,
        )
