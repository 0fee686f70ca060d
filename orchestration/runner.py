"""Run the account graph in process, without the Dagster UI: CLI, demo, tests and bench."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import dagster as dg

from orchestration.defs.sync.jobs import ACCOUNT_GRAPH, SYNC_STEP, tenant_tags
from orchestration.defs.sync.partitions import AccountPartition, seller_accounts

logger = logging.getLogger(__name__)

PUBLISH_SELECTION = "published_warehouse"


@dataclass(frozen=True)
class AccountRun:
    """The outcome of one in-process run of the graph for one account."""

    partition_key: str
    success: bool
    seconds: float
    step_seconds: dict[str, float] = field(default_factory=dict)
    failed_checks: list[str] = field(default_factory=list)
    step_errors: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """Failed steps and failed checks, for a report or an assertion message."""
        return self.step_errors + self.failed_checks


def load_definitions() -> dg.Definitions:
    """Load the code location that workspace.yaml names."""
    from orchestration.definitions import defs

    return defs()


def open_instance() -> dg.DagsterInstance:
    """Return the instance under DAGSTER_HOME when set, else an ephemeral one."""
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def run_account(
    partition: AccountPartition,
    *,
    mode: str = "incremental",
    since: str | None = None,
    until: str | None = None,
    publish_only: bool = False,
    log_level: str = "INFO",
    resources: Mapping[str, Any] | None = None,
    instance: dg.DagsterInstance | None = None,
    definitions: dg.Definitions | None = None,
) -> AccountRun:
    """Materialize the account graph (or only the publish step) for one seller account."""
    definitions = definitions or load_definitions()
    instance = instance or open_instance()
    key = partition.key
    if not instance.has_dynamic_partition(seller_accounts.name, key):
        instance.add_dynamic_partitions(seller_accounts.name, [key])

    sync_config: dict[str, Any] = {"mode": mode}
    if since or until:
        sync_config.update(since=since, until=until)
    run_config: dict[str, Any] = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    if not publish_only:
        run_config["ops"] = {SYNC_STEP: {"config": sync_config}}

    started = time.perf_counter()
    result = dg.materialize(
        list(definitions.assets or []),
        selection=PUBLISH_SELECTION if publish_only else ACCOUNT_GRAPH,
        partition_key=key,
        resources={**(definitions.resources or {}), **(resources or {})},
        run_config=run_config,
        instance=instance,
        tags=dict(tenant_tags(key)),
        raise_on_error=False,
    )
    seconds = time.perf_counter() - started

    durations = step_durations(instance, result.run_id)
    run = AccountRun(
        key, result.success, seconds, durations, failed_checks(result), step_errors(result)
    )
    logger.info("Partition %s: %s in %.1f s", key, "success" if run.success else "failed", seconds)
    return run


def step_durations(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    """Return each step's wall time in seconds, from its start and success or failure events."""
    started: dict[str, float] = {}
    durations: dict[str, float] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            started[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            durations[event.step_key] = entry.timestamp - started.get(
                event.step_key, entry.timestamp
            )
    return durations


def step_errors(result: dg.ExecuteInJobResult) -> list[str]:
    """Return '<step>: <first line of the error>' for every failed step."""
    errors = []
    for event in result.get_step_failure_events():
        error = event.step_failure_data.error
        message = error.message.strip().splitlines()[0] if error else "failed"
        errors.append(f"{event.step_key}: {message}")
    return errors


def failed_checks(result: dg.ExecuteInJobResult) -> list[str]:
    """Return '<asset>:<check>: <description>' for every asset check that did not pass."""
    failures = []
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed:
            name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
            failures.append(f"{name}: {evaluation.description or 'failed'}")
    return failures


def run_accounts(partitions: Sequence[AccountPartition], **options: Any) -> list[AccountRun]:
    """Run the graph for each account in turn; one account failing does not stop the others."""
    definitions = options.pop("definitions", None) or load_definitions()
    return [run_account(partition, definitions=definitions, **options) for partition in partitions]
