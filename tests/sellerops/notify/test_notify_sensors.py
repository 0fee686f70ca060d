"""The alert sensors against a real Dagster instance, after real runs of the sync job.

`incremental_sync` syncs, builds and publishes a sandbox seller. A second run of that job, for
an account the store does not have, fails in its sync step. Each sensor is ticked as the
daemon ticks it: once to set its cursor, then after the run.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from orchestration.defs.alerts.jobs import alerts_job, alerts_run_config
from orchestration.defs.alerts.sensors import alerts_after_build, alerts_after_failure
from orchestration.defs.sync.jobs import TENANT_TAG
from orchestration.defs.sync.partitions import AccountPartition, seller_accounts
from orchestration.defs.sync.resources import OperationalStoreResource, WarehouseResource
from orchestration.runner import load_definitions
from orchestration.sandbox_tenant import provision_sandbox_tenant
from sellerops.db import upgrade_to_head
from sellerops.services.actor import Actor, act_as
from sellerops.services.alerts import list_inbox, set_rule
from sellerops.settings import PasswordHashing, Settings
from sellerops.store import Store

SANDBOX = {"seed": 47, "sellers": 1, "history_days": 10, "orders_per_day": 12.0, "speed": 0}
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)
JOB_NAME = "incremental_sync"


@dataclass(frozen=True)
class Orchestrator:
    """A tenant on the sandbox, its store and data directory, and a Dagster instance."""

    data_dir: Path
    store: Store
    partition: AccountPartition
    owner: Actor
    definitions: dg.Definitions
    instance: dg.DagsterInstance

    @property
    def resources(self) -> dict[str, object]:
        return {
            "operational_store": OperationalStoreResource(data_dir=str(self.data_dir)),
            "warehouse": WarehouseResource(data_dir=str(self.data_dir)),
        }

    def run_sync(self, partition_key: str) -> dg.ExecuteInProcessResult:
        """Run the real incremental sync job for one partition on the instance."""
        if not self.instance.has_dynamic_partition(seller_accounts.name, partition_key):
            self.instance.add_dynamic_partitions(seller_accounts.name, [partition_key])
        job = self.definitions.resolve_job_def(JOB_NAME)
        return job.execute_in_process(
            instance=self.instance,
            partition_key=partition_key,
            resources=self.resources,
            raise_on_error=False,
        )

    def tick(self, sensor: dg.SensorDefinition, cursor: str | None) -> Any:
        """Evaluate one tick of `sensor` as the daemon would, from `cursor`."""
        context = dg.build_sensor_context(
            instance=self.instance, definitions=self.definitions, cursor=cursor
        )
        return sensor.evaluate_tick(context)


@pytest.fixture(scope="module")
def orchestrator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Orchestrator]:
    data_dir = tmp_path_factory.mktemp("sensor-data")
    store = Store.open(Settings(data_dir=data_dir, password_hashing=FAST_HASHING), create_key=True)
    upgrade_to_head(store.engine)
    with SandboxServer(**SANDBOX) as server, dg.DagsterInstance.ephemeral() as instance:
        (partition,) = provision_sandbox_tenant(store, server, slug="acme")
        yield Orchestrator(
            data_dir=data_dir,
            store=store,
            partition=partition,
            owner=act_as(store, "acme", "owner@acme.example"),
            definitions=load_definitions(),
            instance=instance,
        )
    store.close()


def published_as_of(data_dir: Path) -> dict[str, str]:
    path = warehouse_paths(data_dir, "acme").published
    with open_warehouse(path, read_only=True) as connection:
        rows = connection.execute(
            "select account_id, max(as_of) from marts.sla_shipments group by 1"
        ).fetchall()
    return {account_id: as_of for account_id, as_of in rows}


def test_build_sensor_requests_alerts(orchestrator):
    started = orchestrator.tick(alerts_after_build, None)

    run = orchestrator.run_sync(orchestrator.partition.key)
    after_run = orchestrator.tick(alerts_after_build, started.cursor)
    again = orchestrator.tick(alerts_after_build, after_run.cursor)

    assert run.success
    assert started.run_requests == []
    assert started.cursor is not None
    (request,) = after_run.run_requests
    assert request.run_key == run.run_id
    assert request.run_config == alerts_run_config("acme")
    assert request.tags[TENANT_TAG] == "acme"
    assert request.job_name in (None, alerts_job.name)
    assert again.run_requests == []


def test_requested_run_counts_from_as_of(orchestrator):
    # Run after the build test, so the warehouse is published. Every open shipment alerts.
    set_rule(orchestrator.owner, "pending_dispatch", threshold="100000")
    as_of = published_as_of(orchestrator.data_dir)

    result = alerts_job.execute_in_process(
        run_config=alerts_run_config("acme"), resources=orchestrator.resources
    )

    pending = [
        alert for alert in list_inbox(orchestrator.owner) if alert.kind == "pending_dispatch"
    ]
    assert result.success
    assert pending, "the sandbox has no shipment waiting to be dispatched"
    for alert in pending:
        account_id = alert.facts["account_id"]
        assert alert.facts["as_of"] == as_of[account_id].astimezone(UTC).isoformat()


def test_failure_sensor_requests_alerts(orchestrator):
    started = orchestrator.tick(alerts_after_failure, None)
    build_started = orchestrator.tick(alerts_after_build, None)
    missing = AccountPartition("acme", "no-such-account")

    run = orchestrator.run_sync(missing.key)
    after_run = orchestrator.tick(alerts_after_failure, started.cursor)
    build_after = orchestrator.tick(alerts_after_build, build_started.cursor)

    assert not run.success
    assert build_after.run_requests == []
    (request,) = after_run.run_requests
    config = request.run_config["ops"]["tenant_alerts"]["config"]
    assert request.run_key == f"failure-{run.run_id}"
    assert request.tags[TENANT_TAG] == "acme"
    assert config["tenant_slug"] == "acme"
    assert config["failed_account_id"] == "no-such-account"
    assert config["failed_run_id"] == run.run_id
    assert config["failed_job_name"] == JOB_NAME
    assert config["failure_message"]

    alerts_run = alerts_job.execute_in_process(
        run_config=request.run_config, resources=orchestrator.resources
    )
    failures = [alert for alert in list_inbox(orchestrator.owner) if alert.kind == "sync_failure"]
    assert alerts_run.success
    assert [alert.facts["run_id"] for alert in failures] == [run.run_id]
