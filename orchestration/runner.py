"""Run the account graph in process, without the Dagster UI: CLI, demo, tests and bench."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import dagster as dg

from orchestration.defs.inventory.assets import STOCK_LEVELS_KEY
from orchestration.defs.sync.jobs import ACCOUNT_GRAPH, SYNC_STEP, tenant_tags
from orchestration.defs.sync.partitions import AccountPartition, seller_accounts
from orchestration.run_output import captured_output

logger = logging.getLogger(__name__)

PUBLISH_SELECTION = "published_warehouse"
STOCK_STEP = STOCK_LEVELS_KEY.to_python_identifier()
# Metadata keys that count what an asset wrote, in order of preference, with how to print them.
ROW_COUNT_KEYS = {
    "rows_in": "rows fetched",
    "rows": "rows",
    "rows_loaded": "rows loaded",
    "events": "stock events",
    "pushed": "listings pushed",
    "dagster/row_count": "rows",
}


@dataclass(frozen=True)
class StepSummary:
    """Wall time and output of one step of a run."""

    step: str
    seconds: float
    succeeded: bool
    assets: int = 0
    rows: int | None = None
    rows_label: str = "rows"

    @property
    def output(self) -> str:
        """The rows written, or the assets materialized when no asset reports rows."""
        if self.rows is not None:
            return f"{self.rows:,} {self.rows_label}"
        return f"{self.assets} asset{'' if self.assets == 1 else 's'} materialized"


@dataclass(frozen=True)
class AccountRun:
    """The outcome of one in-process run of the graph for one account."""

    partition_key: str
    success: bool
    seconds: float
    steps: list[StepSummary] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    step_errors: list[str] = field(default_factory=list)

    @property
    def step_seconds(self) -> dict[str, float]:
        """Each step's wall time in seconds, by step key."""
        return {summary.step: summary.seconds for summary in self.steps}

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
    replay_stock: bool = False,
    log_level: str = "INFO",
    resources: Mapping[str, Any] | None = None,
    instance: dg.DagsterInstance | None = None,
    definitions: dg.Definitions | None = None,
    selection: dg.AssetSelection | None = None,
    tags: Mapping[str, str] | None = None,
) -> AccountRun:
    """Materialize the account graph (or only the publish step) for one seller account.

    With `replay_stock`, or in `full` mode, the ledger step reads every synced shipment and
    return again, so events rejected for a SKU missing at the time are applied now.
    `selection` replaces the account graph with a part of it that contains the sync and the
    ledger steps, as a job's selection does, and `tags` are added to the run's tags.
    """
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
        replay = replay_stock or mode == "full"
        run_config["ops"] = {
            SYNC_STEP: {"config": sync_config},
            STOCK_STEP: {"config": {"replay": replay}},
        }

    started = time.perf_counter()
    result = dg.materialize(
        list(definitions.assets or []),
        selection=PUBLISH_SELECTION if publish_only else (selection or ACCOUNT_GRAPH),
        partition_key=key,
        resources={**(definitions.resources or {}), **(resources or {})},
        run_config=run_config,
        instance=instance,
        tags={**tenant_tags(key), **(tags or {})},
        raise_on_error=False,
    )
    seconds = time.perf_counter() - started

    steps = step_summaries(instance, result.run_id)
    run = AccountRun(
        key, result.success, seconds, steps, failed_checks(result), step_errors(result)
    )
    logger.info("Partition %s: %s in %.1f s", key, "success" if run.success else "failed", seconds)
    return run


def step_summaries(instance: dg.DagsterInstance, run_id: str) -> list[StepSummary]:
    """Return each step's wall time and output, in the order the steps started."""
    started: dict[str, float] = {}
    finished: dict[str, tuple[float, bool]] = {}
    assets: dict[str, int] = {}
    rows: dict[str, int] = {}
    labels: dict[str, str] = {}

    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        step = event.step_key
        if event.event_type_value == "STEP_START":
            started[step] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            succeeded = event.event_type_value == "STEP_SUCCESS"
            finished[step] = (entry.timestamp - started.get(step, entry.timestamp), succeeded)
        elif event.event_type_value == "ASSET_MATERIALIZATION":
            assets[step] = assets.get(step, 0) + 1
            count = row_count(event.materialization.metadata)
            if count is not None:
                rows[step] = rows.get(step, 0) + count[0]
                labels.setdefault(step, count[1])

    return [
        StepSummary(
            step, *finished[step], assets.get(step, 0), rows.get(step), labels.get(step, "rows")
        )
        for step in started
        if step in finished
    ]


def row_count(metadata: Mapping[str, Any]) -> tuple[int, str] | None:
    """Return the count an asset reported in its metadata and its label, or None if none."""
    for key, label in ROW_COUNT_KEYS.items():
        value = metadata.get(key)
        # A bool is an int to isinstance, and no flag is a count.
        if value is not None and type(value.value) is int:
            return value.value, label
    return None


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


def run_accounts(
    partitions: Sequence[AccountPartition],
    *,
    log_path: Path | None = None,
    verbose: bool = False,
    on_result: Callable[[AccountRun], None] | None = None,
    **options: Any,
) -> list[AccountRun]:
    """Run the graph for each account in turn; one account failing does not stop the others.

    With `log_path`, dbt's and Dagster's output is appended to that file, and shown on the
    terminal too when `verbose`. `on_result` is called after each account, outside that capture.
    """
    capture = partial(captured_output, log_path, verbose=verbose) if log_path else nullcontext
    with capture():
        definitions = options.pop("definitions", None) or load_definitions()

    runs = []
    for partition in partitions:
        with capture():
            run = run_account(partition, definitions=definitions, **options)
        runs.append(run)
        if on_result is not None:
            on_result(run)
    return runs


def new_log_path(data_dir: Path) -> Path:
    """Return a new file name for one pipeline command's log, under `<data_dir>/logs`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return data_dir / "logs" / f"pipeline-{stamp}-{os.getpid()}.log"


def run_lines(run: AccountRun, name: str | None = None) -> list[str]:
    """Return the lines that report one account's run: its outcome, then one line per step."""
    status = "succeeded" if run.success else "failed"
    label = f"{run.partition_key} ({name})" if name else run.partition_key
    lines = [f"Account {label}: {status} in {run.seconds:.1f} s"]

    width = max((len(step.step) for step in run.steps), default=0)
    for step in run.steps:
        mark = "" if step.succeeded else "  FAILED"
        lines.append(
            f"  {run.partition_key}  {step.step.ljust(width)}  {step.seconds:6.1f} s  "
            f"{step.output}{mark}"
        )
    return lines
