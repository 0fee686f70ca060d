"""A tenant with two sandbox sellers synced, built and published once, and a local SMTP server.

The sandbox clock is frozen (speed 0) at Monday 30 November 2026, 10:00 IST, with 21 days of
history, so the week of 23 to 29 November is complete. The SMTP stand-in is the one the alert
tests use (tests/sellerops/notify/notify_servers.py), loaded by path.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import dagster as dg
import pytest

from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.paths import warehouse_paths
from orchestration.defs.sync.resources import OperationalStoreResource, WarehouseResource
from orchestration.runner import load_definitions, run_account
from orchestration.sandbox_tenant import provision_sandbox_tenant
from sellerops.db import upgrade_to_head
from sellerops.services.actor import Actor, act_as
from sellerops.services.alert_channels import configure_email
from sellerops.settings import PasswordHashing, Settings
from sellerops.store import Store

TENANT = "weekly"
SANDBOX = {"seed": 31, "sellers": 2, "history_days": 21, "orders_per_day": 20.0, "speed": 0}
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)
NOTIFY_SERVERS = Path(__file__).resolve().parents[1] / "notify" / "notify_servers.py"


def load_notify_servers() -> ModuleType:
    spec = importlib.util.spec_from_file_location("report_notify_servers", NOTIFY_SERVERS)
    module = importlib.util.module_from_spec(spec)
    # Registered first because dataclasses look their module up while the file runs.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


notify_servers = load_notify_servers()


@dataclass(frozen=True)
class ReportTenant:
    """The built tenant: its store, owner, accounts and published warehouse."""

    store: Store
    owner: Actor
    account_ids: list[str]
    published: Path


@pytest.fixture(scope="session")
def report_tenant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReportTenant]:
    data_dir = tmp_path_factory.mktemp("report-data")
    store = Store.open(Settings(data_dir=data_dir, password_hashing=FAST_HASHING))
    upgrade_to_head(store.engine)
    resources = {
        "operational_store": OperationalStoreResource(data_dir=str(data_dir)),
        "warehouse": WarehouseResource(data_dir=str(data_dir)),
    }
    definitions = load_definitions()
    instance = dg.DagsterInstance.ephemeral()

    with SandboxServer(**SANDBOX) as server:
        partitions = provision_sandbox_tenant(store, server, slug=TENANT, name="Weekly Traders")
        for partition in partitions:
            run = run_account(
                partition, resources=resources, instance=instance, definitions=definitions
            )
            assert run.success, run.problems
    yield ReportTenant(
        store=store,
        owner=act_as(store, TENANT, f"owner@{TENANT}.example"),
        account_ids=[partition.account_id for partition in partitions],
        published=warehouse_paths(data_dir, TENANT).published,
    )
    store.close()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return notify_servers.write_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def smtp_failures() -> int:
    """How many messages the SMTP server refuses with 451 before it accepts; override to test."""
    return 0


@pytest.fixture
def smtp_server(certificate: tuple[Path, Path], smtp_failures: int) -> Iterator[object]:
    with notify_servers.SmtpServer(*certificate, failures=smtp_failures) as server:
        yield server


@pytest.fixture
def email_channel(report_tenant: ReportTenant, smtp_server, certificate) -> object:
    """Point the tenant's email channel at this test's SMTP server; return the server."""
    configure_email(
        report_tenant.owner,
        host="127.0.0.1",
        port=smtp_server.port,
        from_address="reports@weekly.example",
        username=notify_servers.SMTP_USER,
        password=notify_servers.SMTP_PASSWORD,
        ca_file=str(certificate[0]),
    )
    return smtp_server
