"""The Dagster instance config of a local install: pool limits and one run per tenant."""

from __future__ import annotations

from pathlib import Path

from orchestration.defs.sync.jobs import TENANT_TAG
from orchestration.pools import WAREHOUSE_POOL

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
