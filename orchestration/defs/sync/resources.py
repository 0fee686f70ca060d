"""Resources of the sync: the operational store, the Flipkart client and the tenant warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from ingestion.client import FlipkartClient
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import WarehousePaths, warehouse_paths
from ingestion.warehouse.tenant_lock import tenant_write_lock
from sellerops.services.actor import Actor, pipeline_actor
from sellerops.services.clients import build_client
from sellerops.settings import Settings
from sellerops.store import Store


class OperationalStoreResource(dg.ConfigurableResource):
    """The operational store; unset fields fall back to the SELLEROPS_* environment."""

    data_dir: str | None = None
    database_url: str | None = None

    def settings(self) -> Settings:
        """Return the environment's settings with this resource's overrides applied."""
        settings = Settings.from_environment()
        overrides: dict[str, object] = {}
        if self.data_dir:
            overrides["data_dir"] = Path(self.data_dir)
        if self.database_url:
            overrides["database_url"] = self.database_url
        return Settings(**{**vars(settings), **overrides})

    @contextmanager
    def open(self) -> Iterator[Store]:
        """Open the store for the block and close its connections afterwards."""
        store = Store.open(self.settings(), create_key=False)
        try:
            yield store
        finally:
            store.close()

    def actor(self, store: Store, tenant_slug: str) -> Actor:
        """Return the actor scheduled runs act as: the tenant's first active owner."""
        return pipeline_actor(store, tenant_slug)


class FlipkartClientResource(dg.ConfigurableResource):
    """Builds one seller account's Flipkart client from its stored, encrypted credentials."""

    def open_client(self, actor: Actor, account_id: str) -> FlipkartClient:
        """Return the account's client; the caller closes it (it is a context manager)."""
        return build_client(actor, account_id)


class WarehouseResource(dg.ConfigurableResource):
    """A tenant's DuckDB files under the data directory (SELLEROPS_DATA_DIR when unset)."""

    data_dir: str | None = None

    def root(self) -> Path:
        """Return the data directory that contains `warehouse/`."""
        return Path(self.data_dir) if self.data_dir else Settings.from_environment().data_dir

    def paths(self, tenant_slug: str) -> WarehousePaths:
        """Return the tenant's working, published and version paths."""
        return warehouse_paths(self.root(), tenant_slug)

    @contextmanager
    def exclusive(self, tenant_slug: str) -> Iterator[Path]:
        """Hold the tenant's write lock for the block; yield the working file's path."""
        path = self.paths(tenant_slug).working
        with tenant_write_lock(path):
            yield path

    @contextmanager
    def writer(self, tenant_slug: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """Open the tenant's working file for writing under the tenant's write lock."""
        with self.exclusive(tenant_slug) as path:
            connection = open_warehouse(path)
            try:
                yield connection
            finally:
                connection.close()


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "operational_store": OperationalStoreResource(),
            "flipkart": FlipkartClientResource(),
            "warehouse": WarehouseResource(),
        }
    )
