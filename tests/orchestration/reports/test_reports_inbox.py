"""The report inbox: the sensor's run requests and the asset that imports each file."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from ingestion.reports import file_digest
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from orchestration.defs.reports.assets import imported_reports
from orchestration.defs.reports.inbox import dropped_files, inbox_dir
from orchestration.defs.reports.sensors import report_inbox_sensor
from orchestration.defs.sync.jobs import TENANT_TAG
from orchestration.defs.sync.resources import OperationalStoreResource
from sellerops.accounts.validation import AccountInput, gstin_check_character
from sellerops.db import upgrade_to_head
from sellerops.services import add_account, create_tenant, ensure_default_plan
from sellerops.services.actor import pipeline_actor
from sellerops.services.report_uploads import list_report_uploads
from sellerops.settings import PasswordHashing, Settings
from sellerops.store import Store

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "seller_hub"
SETTLEMENT_SAMPLE = SAMPLES / "settlement_report_excerpt.csv"
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)
STORE_VARIABLES = ("SELLEROPS_DATABASE_URL", "SELLEROPS_SECRET_KEY", "SELLEROPS_KEY_FILE")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in STORE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "data"


@pytest.fixture
def account_id(data_dir: Path) -> str:
    """A SQLite store in `data_dir` with tenant `acme` and one seller account."""
    data_dir.mkdir(parents=True)
    store = Store.open(Settings(data_dir=data_dir, password_hashing=FAST_HASHING))
    try:
        upgrade_to_head(store.engine)
        ensure_default_plan(store, "operator:test")
        create_tenant(
            store,
            "operator:test",
            slug="acme",
            name="Acme",
            owner_email="owner@acme.example",
            owner_password="correct horse battery",
            plan_name="unlimited",
        )
        first_fourteen = "29ABCDE1234F1Z"
        account = add_account(
            pipeline_actor(store, "acme"),
            AccountInput(
                name="main",
                environment="production",
                app_id="app-main",
                app_secret="secret-of-main-0123456789",
                gstin=first_fourteen + gstin_check_character(first_fourteen),
                state_code="29",
                state="Karnataka",
                location_ids=["LOC914d90fdeade4be8a84a7894c19d70e3"],
            ),
        )
        return account.id
    finally:
        store.close()


@pytest.fixture
def resources(data_dir: Path) -> dict[str, OperationalStoreResource]:
    return {"operational_store": OperationalStoreResource(data_dir=str(data_dir))}


def drop(data_dir: Path, account_id: str, source: Path, name: str | None = None) -> Path:
    folder = inbox_dir(data_dir, "acme", account_id)
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(source, folder / (name or source.name)))


def evaluate(resources) -> dg.SensorResult:
    with dg.DagsterInstance.ephemeral() as instance:
        context = dg.build_sensor_context(instance=instance, resources=resources)
        return report_inbox_sensor(context)


def test_sensor_requests_run_per_file(data_dir, account_id, resources):
    dropped = drop(data_dir, account_id, SETTLEMENT_SAMPLE)

    result = evaluate(resources)

    assert len(result.run_requests) == 1
    request = result.run_requests[0]
    assert request.run_key == f"acme/{account_id}/{file_digest(SETTLEMENT_SAMPLE)}"
    assert request.tags[TENANT_TAG] == "acme"
    config = request.run_config["ops"]["imported_reports"]["config"]
    assert config == {
        "tenant_slug": "acme",
        "account_id": account_id,
        "file_path": str(dropped.resolve()),
    }


def test_sensor_skips_other_files(data_dir, account_id, resources):
    drop(data_dir, account_id, SETTLEMENT_SAMPLE, ".upload-in-progress.csv")
    drop(data_dir, account_id, SETTLEMENT_SAMPLE, "notes.txt.bak")
    loose = data_dir / "uploads" / "acme" / "inbox" / "loose.csv"
    shutil.copyfile(SETTLEMENT_SAMPLE, loose)

    assert evaluate(resources).run_requests == []
    assert list(dropped_files(data_dir)) == []


def test_sensor_empty_without_inbox(data_dir, account_id, resources):
    assert evaluate(resources).run_requests == []


def test_asset_imports_dropped_file(data_dir, account_id, resources):
    drop(data_dir, account_id, SETTLEMENT_SAMPLE)
    request = evaluate(resources).run_requests[0]

    result = dg.materialize([imported_reports], run_config=request.run_config, resources=resources)

    assert result.success
    metadata = result.asset_materializations_for_node("imported_reports")[0].metadata
    assert metadata["rows_loaded"].value == 3
    assert metadata["already_imported"].value is False
    assert list(dropped_files(data_dir)) == []

    store = Store.open(Settings(data_dir=data_dir), create_key=False)
    try:
        uploads = list_report_uploads(pipeline_actor(store, "acme"))
    finally:
        store.close()
    assert [(upload.status, upload.rows_loaded) for upload in uploads] == [("loaded", 3)]

    connection = open_warehouse(warehouse_paths(data_dir, "acme").working, read_only=True)
    try:
        count = connection.execute("SELECT count(*) FROM raw.report_settlement_rows").fetchone()
    finally:
        connection.close()
    assert count == (3,)


def test_asset_fails_on_unreadable_file(data_dir, account_id, resources):
    dropped = drop(data_dir, account_id, SETTLEMENT_SAMPLE, "broken.xlsx")
    request = evaluate(resources).run_requests[0]

    result = dg.materialize(
        [imported_reports],
        run_config=request.run_config,
        resources=resources,
        raise_on_error=False,
    )

    assert not result.success
    assert not dropped.exists()
    store = Store.open(Settings(data_dir=data_dir), create_key=False)
    try:
        upload = list_report_uploads(pipeline_actor(store, "acme"))[0]
    finally:
        store.close()
    assert upload.status == "failed"
    assert "broken.xlsx" in upload.error
