"""Cached reads of the tenant's published warehouse copy, keyed by the copy's file version.

Every page read first goes through `sellerops.services.warehouse_reads.published_warehouse`,
which checks the permission on each rerun. The result cache is keyed by the copy's path and
file version, so the first rerun after a publish reads the new copy. The path comes from the
actor's own tenant, so one tenant never gets another tenant's cached rows. Cache misses run on
one shared connection per copy (`ingestion.warehouse.published_reader`), not a new one each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import polars as pl
import streamlit as st

from ingestion.warehouse.published_reader import PublishedReader
from sellerops.security.permissions import Action
from sellerops.services.warehouse_reads import PublishedWarehouse, published_warehouse
from streamlit_app.context import PageContext

# Entries of the result cache. Each contains one query's rows for one version of one tenant.
MAX_CACHED_RESULTS = 512
_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")


def warehouse_for(ctx: PageContext, action: Action) -> PublishedWarehouse:
    """Return the published copy after the service-layer permission check for `action`."""
    return published_warehouse(ctx.actor, action)


def read_frame(
    warehouse: PublishedWarehouse, sql: str, params: Mapping[str, Any] | None = None
) -> pl.DataFrame:
    """Run `sql` with named `params` on the published copy, cached per file version.

    Raises FileNotFoundError while nothing has been published; pages check `exists` first.
    """
    if warehouse.file_version is None:
        raise FileNotFoundError(
            f"Tenant {warehouse.tenant_slug!r} has no published warehouse yet; run its pipeline."
        )
    # DuckDB rejects parameters the statement does not use, so pass only the ones it names.
    supplied = dict(params or {})
    used = {name: supplied[name] for name in set(_PARAMETER.findall(sql)) if name in supplied}
    return _cached_frame(str(warehouse.path), warehouse.file_version, sql, used)


@st.cache_data(show_spinner=False, max_entries=MAX_CACHED_RESULTS)
def _cached_frame(path: str, file_version: str, sql: str, params: dict[str, Any]) -> pl.DataFrame:
    with _shared_reader().cursor(path, file_version) as cursor:
        return cursor.sql(sql, params=params).pl()


@st.cache_resource(show_spinner=False)
def _shared_reader() -> PublishedReader:
    return PublishedReader()
