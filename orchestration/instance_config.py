"""The Dagster instance of a local install: pool limits, one run per tenant, stale runs ended."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from orchestration.defs.sync.jobs import TENANT_TAG
from orchestration.pools import WAREHOUSE_POOL

UNFINISHED_STATUSES = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]

# Every step that writes a DuckDB file claims a slot of WAREHOUSE_POOL; with limit 1 no two
# such steps of any run overlap. The run queue admits one run per tenant tag value at a time.
INSTANCE_CONFIG = f"""\
# Written by `sellerops demo`; see docs/pipeline.md. Pool `{WAREHOUSE_POOL}` has limit 1.
concurrency:
  pools:
    default_limit: 1
    granularity: op
  runs:
    max_concurrent_runs: 4
    tag_concurrency_limits:
      - key: "{TENANT_TAG}"
        value:
          applyLimitPerUniqueValue: true
        limit: 1
telemetry:
  enabled: false
"""


def write_instance_config(dagster_home: Path) -> Path:
    """Write dagster.yaml into `dagster_home` (created if missing); return its path."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    path = dagster_home / "dagster.yaml"
    path.write_text(INSTANCE_CONFIG)
    return path


def cancel_unfinished_runs(instance: dg.DagsterInstance, reason: str) -> list[str]:
    """Mark every unfinished run of `instance` canceled, free its pool slots; return the run ids.

    A run whose `dagster dev` was stopped mid-run stays "started" and keeps its slot of the
    warehouse pool, whose limit is 1. The default run launcher cannot tell that the run's process
    is gone, so every later run would wait for that slot forever. Call this only while no run of the
    instance can be in progress.
    """
    runs = instance.get_runs(filters=dg.RunsFilter(statuses=UNFINISHED_STATUSES))
    for run in runs:
        instance.report_run_canceled(run, message=reason)
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
    return [run.run_id for run in runs]
