"""Warehouse reads of the dashboard: authorize the actor, then hand out the published copy.

The dashboard never opens the working file the pipeline writes, because DuckDB lets no reader
in while a writer has it open. It reads the copy the pipeline publishes after a good build.
The tenant's files are found from the actor's own tenant, never from a name the caller passes,
so a user of one tenant cannot reach another tenant's warehouse.
"""

from __future__ import annotations

import fcntl
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from ingestion.warehouse.publish import read_version
from sellerops.errors import NotFoundError
from sellerops.models import Tenant
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize

WAREHOUSE_READS = frozenset(
    {Action.DASHBOARD_VIEW, Action.ORDER_VIEW, Action.RETURNS_VIEW, Action.PROFIT_VIEW}
)


@dataclass(frozen=True)
class PublishedWarehouse:
    """The tenant's published warehouse copy and what is known about it.

    `file_version` changes whenever the pipeline swaps in a new copy (modification time in
    nanoseconds, size and inode of the file), so caches keyed by it show new data on the first
    read after a publish. It is None while nothing has been published. `content_version` and
    `published_at` come from the version record the pipeline writes just after the swap.
    """

    tenant_slug: str
    path: Path
    file_version: str | None
    content_version: str | None
    published_at: str | None
    is_refreshing: bool

    @property
    def exists(self) -> bool:
        """True once the pipeline has published a copy for the tenant."""
        return self.file_version is not None


def published_warehouse(actor: Actor, action: Action) -> PublishedWarehouse:
    """Return the actor's published warehouse after checking that `action` is allowed.

    `action` must be one of the warehouse reads (`WAREHOUSE_READS`); a role without it raises
    `PermissionDeniedError`, audited by `authorize`.
    """
    if action not in WAREHOUSE_READS:
        names = ", ".join(sorted(read.value for read in WAREHOUSE_READS))
        raise ValueError(f"{action.value!r} is not a warehouse read; use one of: {names}.")
    authorize(actor, action, object_type="warehouse", object_id=actor.tenant_id)

    with actor.store.read(actor.tenant_id) as session:
        tenant = session.get(Tenant, actor.tenant_id)
    if tenant is None:
        raise NotFoundError(f"Tenant {actor.tenant_id!r} of {actor.label} no longer exists.")

    paths = warehouse_paths(actor.store.settings.data_dir, tenant.slug)
    record = read_version(paths.version) or {}
    return PublishedWarehouse(
        tenant_slug=tenant.slug,
        path=paths.published,
        file_version=_file_version(paths.published),
        content_version=record.get("version"),
        published_at=record.get("published_at"),
        is_refreshing=_is_refreshing(paths.working.with_name(paths.working.name + ".lock")),
    )


def open_published(actor: Actor, action: Action) -> duckdb.DuckDBPyConnection:
    """Open the actor's published warehouse read-only, with the time zone pinned.

    Raises `NotFoundError` naming the tenant while nothing has been published.
    """
    warehouse = published_warehouse(actor, action)
    if not warehouse.exists:
        raise NotFoundError(
            f"Tenant {warehouse.tenant_slug!r} has no published warehouse yet; run "
            f"`sellerops pipeline run --tenant {warehouse.tenant_slug}` to build one."
        )
    return open_warehouse(warehouse.path, read_only=True)


def _file_version(path: Path) -> str | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return f"{status.st_mtime_ns}-{status.st_size}-{status.st_ino}"


def _is_refreshing(lock_path: Path) -> bool:
    """Return True while a pipeline step or import holds the tenant's warehouse write lock."""
    try:
        handle = lock_path.open("rb")
    except FileNotFoundError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
