"""Paths of one tenant's warehouse files under the data directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sellerops.services.provisioning import SLUG_PATTERN

WAREHOUSE_DIR = "warehouse"
PUBLISHED_DIR = "published"


@dataclass(frozen=True)
class WarehousePaths:
    """The working file the pipeline writes, the copy the dashboard reads, and its version."""

    working: Path
    published: Path
    version: Path


def warehouse_paths(data_dir: Path | str, tenant_slug: str) -> WarehousePaths:
    """Return the warehouse paths of `tenant_slug` under `data_dir`; the slug is checked."""
    if not isinstance(tenant_slug, str) or not SLUG_PATTERN.match(tenant_slug):
        raise ValueError(
            f"Tenant slug {tenant_slug!r} is invalid for a warehouse file name; use 2-63 "
            "lower-case letters, digits or hyphens, starting with a letter or digit."
        )

    warehouse_dir = Path(data_dir) / WAREHOUSE_DIR
    published_dir = warehouse_dir / PUBLISHED_DIR
    return WarehousePaths(
        working=warehouse_dir / f"{tenant_slug}.duckdb",
        published=published_dir / f"{tenant_slug}.duckdb",
        version=published_dir / f"{tenant_slug}.json",
    )
