"""`webhook_events_sensor` on a store with received events: one run per account, then quiet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from orchestration.defs.events.jobs import NOTIFICATION_GRAPH, TRIGGER_TAG
from orchestration.defs.events.sensors import (
    EVENT_COUNT_TAG,
    PUBLISHED_KEY,
    sync_run_key,
    webhook_events_sensor,
)
from orchestration.defs.sync.jobs import ACCOUNT_GRAPH, TENANT_TAG
from orchestration.defs.sync.partitions import AccountPartition, seller_accounts
from orchestration.defs.sync.resources import OperationalStoreResource
from orchestration.runner import load_definitions
from sellerops.accounts.validation import AccountInput, gstin_check_character
from sellerops.db import upgrade_to_head
from sellerops.services import add_account, create_tenant, ensure_default_plan
from sellerops.services.actor import act_as
from sellerops.services.webhook_events import NotificationRequest, receive_notification
from sellerops.settings import PasswordHashing, Settings
from sellerops.store import Store
from sellerops.webhooks.signature import authorization_header, format_x_date

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "notifications"
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)
APP_ID = "app-sensed"
SECRET = "test-secret-of-sensed-0123456789"
URL = "http://127.0.0.1:8790/flipkart/notifications/"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(Settings(data_dir=tmp_path, password_hashing=FAST_HASHING))
    upgrade_to_head(opened.engine)
    yield opened
    opened.close()


def new_account(store: Store, slug: str) -> AccountPartition:
    ensure_default_plan(store, "operator:test")
    create_tenant(
        store,
        "operator:test",
        slug=slug,
        name=slug.title(),
        owner_email=f"owner@{slug}.example",
        owner_password="correct horse battery",
    )
    owner = act_as(store, slug, f"owner@{slug}.example")
    first_fourteen = "29ABCDE1234F1Z"
    account = add_account(
        owner,
        AccountInput(
            name="main",
            environment="production",
            app_id=APP_ID,
            app_secret=SECRET,
            gstin=first_fourteen + gstin_check_character(first_fourteen),
            state_code="29",
            state="Karnataka",
            location_ids=["LOC914d90fdeade4be8a84a7894c19d70e3"],
        ),
    )
    return AccountPartition(slug, account.id)


def receive(store: Store, partition: AccountPartition, fixture: str) -> None:
    url = URL + partition.account_id
    sent_at = datetime.now(UTC)
    receive_notification(
        store,
        NotificationRequest(
            account_id=partition.account_id,
            url=url,
            method="POST",
            x_date=format_x_date(sent_at),
            x_authorization=authorization_header(APP_ID, SECRET, url, "POST", sent_at),
            body=(FIXTURES / f"{fixture}.json").read_bytes(),
        ),
    )


def evaluate(store: Store, instance: dg.DagsterInstance) -> dg.SensorResult:
    resource = OperationalStoreResource(data_dir=str(store.settings.data_dir))
    return webhook_events_sensor(
        dg.build_sensor_context(instance=instance), operational_store=resource
    )


def test_sensor_requests_one_run_per_account(store):
    first = new_account(store, "alpha")
    second = new_account(store, "beta")
    for fixture in ("shipment_created", "shipment_cancelled", "return_expected_date_changed"):
        receive(store, first, fixture)
    receive(store, second, "shipment_created")
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(seller_accounts.name, [first.key])

    result = evaluate(store, instance)
    requests = {request.partition_key: request for request in result.run_requests}

    assert set(requests) == {first.key, second.key}
    assert requests[first.key].tags[EVENT_COUNT_TAG] == "2"
    assert requests[first.key].tags[TENANT_TAG] == "alpha"
    assert requests[first.key].job_name == "incremental_sync"  # never published
    (added,) = result.dynamic_partitions_requests
    assert list(added.partition_keys) == [second.key]


def test_sensor_quiet_after_marking(store):
    partition = new_account(store, "gamma")
    receive(store, partition, "shipment_created")
    instance = dg.DagsterInstance.ephemeral()

    first = evaluate(store, instance)
    again = evaluate(store, instance)

    assert len(first.run_requests) == 1
    assert again.run_requests == []


def test_run_key_ignores_event_order():
    assert sync_run_key("acme.1", ["b", "a"]) == sync_run_key("acme.1", ["a", "b"])
    assert sync_run_key("acme.1", ["a"]) != sync_run_key("acme.2", ["a"])
    assert len(sync_run_key("acme.1", ["a"])) <= 64


def test_sensor_published_account_gets_notification_job(store):
    published = new_account(store, "delta")
    fresh = new_account(store, "epsilon")
    receive(store, published, "shipment_created")
    receive(store, fresh, "shipment_created")
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(seller_accounts.name, [published.key, fresh.key])
    instance.report_runless_asset_event(
        dg.AssetMaterialization(PUBLISHED_KEY, partition=published.key)
    )

    result = evaluate(store, instance)
    requests = {request.partition_key: request for request in result.run_requests}

    assert requests[published.key].job_name == "notification_sync"
    assert requests[published.key].tags[TRIGGER_TAG] == "notification"
    assert requests[fresh.key].job_name == "incremental_sync"
    assert TRIGGER_TAG not in requests[fresh.key].tags


def test_notification_graph_skips_unreached_assets():
    definitions = load_definitions()
    graph = definitions.resolve_asset_graph()
    selected = {key.to_user_string() for key in NOTIFICATION_GRAPH.resolve(graph)}
    everything = {key.to_user_string() for key in ACCOUNT_GRAPH.resolve(graph)}

    assert PUBLISHED_KEY.to_user_string() in selected
    for needed in ("raw/shipments", "raw/returns", "raw/stock_levels", "marts/orders"):
        assert needed in selected
    for mart in ("order_items", "sla_shipments", "sales_daily", "sku_profit_daily", "returns"):
        assert f"marts/{mart}" in selected
    skipped = everything - selected
    assert {key for key in skipped if key.startswith("ml/")} == {
        key for key in everything if key.startswith("ml/")
    }
    assert not any(key.startswith("seeds/") for key in selected)
    assert "marts/pnl_monthly" in skipped  # built from Seller Hub reports only
    assert "raw/sku_master" in skipped
