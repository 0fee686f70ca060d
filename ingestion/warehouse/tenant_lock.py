"""An exclusive per-tenant lock around every write to a tenant's DuckDB file.

DuckDB admits one writing process per file and fails at once when another process has it
open for writing. Dagster pools are fixed per asset, so they cannot name one pool per tenant
when tenants come and go at run time, and report imports write outside Dagster. This lock
makes a second writer of the same tenant wait instead, whichever launcher started it (a
Dagster run, `sellerops pipeline run`, `sellerops import-report`, a test).
"""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 1800.0
POLL_SECONDS = 0.2


class TenantLockTimeout(TimeoutError):
    """Another writer held the tenant's warehouse lock for longer than the timeout."""


@contextmanager
def tenant_write_lock(
    warehouse_path: Path, *, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
) -> Iterator[None]:
    """Hold the lock file beside `warehouse_path` exclusively for the duration of the block."""
    lock_path = warehouse_path.with_name(warehouse_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout_seconds

    with lock_path.open("a") as handle:
        waited = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TenantLockTimeout(
                        f"Another writer held {lock_path} for over {timeout_seconds:.0f} s; "
                        f"check for a stuck pipeline run of this tenant."
                    ) from None
                if not waited:
                    logger.info("Waiting for the write lock %s", lock_path)
                    waited = True
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
