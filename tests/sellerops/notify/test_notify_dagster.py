"""The alerts job and the delivery schedule, run in process against real stores."""

from datetime import UTC, datetime, timedelta

import dagster as dg
import pytest
from factories import new_tenant
from notify_servers import WHATSAPP_TOKEN
from sqlalchemy import select

from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from orchestration.defs.alerts.jobs import alerts_job, alerts_run_config
from orchestration.defs.alerts.schedules import alerts_dispatch_schedule
from orchestration.defs.sync.resources import OperationalStoreResource, WarehouseResource
from sellerops.models import AlertDelivery
from sellerops.services.alert_channels import configure_whatsapp
from sellerops.services.alerts import add_recipient, list_deliveries, list_inbox


@pytest.fixture
def owner(store, whatsapp_api):
    owner = new_tenant(store, "acme")
    _stand_in, base_url = whatsapp_api
    configure_whatsapp(
        owner,
        phone_number_id="106540352242922",
        template_name="sellerops_alert",
        access_token=WHATSAPP_TOKEN,
        base_url=base_url,
    )
    add_recipient(owner, "whatsapp", "919876543210")
    return owner


@pytest.fixture
def resources(store):
    settings = store.settings
    return {
        "operational_store": OperationalStoreResource(
            data_dir=str(settings.data_dir), database_url=settings.resolved_database_url
        ),
        "warehouse": WarehouseResource(data_dir=str(settings.data_dir)),
    }


def publish(data_dir, rows):
    path = warehouse_paths(data_dir, "acme").published
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = open_warehouse(path)
    connection.execute("create schema marts")
    connection.execute(
        "create table marts.sla_shipments (account_id varchar, shipment_id varchar, "
        "sla_status varchar, dispatch_by timestamptz, ready_to_dispatch_at timestamptz, "
        "as_of timestamptz)"
    )
    for shipment_id, dispatch_by in rows:
        connection.execute(
            "insert into marts.sla_shipments values ('acc-1', ?, 'open', ?, null, null)",
            [shipment_id, dispatch_by],
        )
    connection.close()


def test_alerts_job_raises_and_sends(owner, resources, whatsapp_api):
    stand_in, _base_url = whatsapp_api
    # The job runs on the wall clock, so dispatch-by is set from it.
    publish(owner.store.settings.data_dir, [("SHIP-9", datetime.now(UTC) + timedelta(hours=2))])

    first = alerts_job.execute_in_process(run_config=alerts_run_config("acme"), resources=resources)
    second = alerts_job.execute_in_process(
        run_config=alerts_run_config("acme"), resources=resources
    )

    assert first.success
    assert second.success
    assert len(stand_in.requests) == 1
    assert [alert.kind for alert in list_inbox(owner)] == ["pending_dispatch"]


def test_alerts_job_records_run_failure(owner, resources):
    config = alerts_run_config(
        "acme",
        failed_account_id="acc-1",
        failed_run_id="run-123",
        failed_job_name="incremental_sync",
        failure_message="dbt build failed",
    )

    result = alerts_job.execute_in_process(run_config=config, resources=resources)

    assert result.success
    alerts = list_inbox(owner)
    assert [alert.kind for alert in alerts] == ["sync_failure"]
    assert "run-123" in alerts[0].body


def make_due(owner):
    """Move every pending delivery's next attempt into the past, as if the backoff had passed."""
    with owner.store.write(owner.tenant_id) as session:
        for delivery in session.scalars(select(AlertDelivery)).all():
            delivery.next_attempt_at = datetime.now(UTC) - timedelta(seconds=1)


@pytest.mark.parametrize("whatsapp_failures", [1])
def test_schedule_delivers_retry(owner, resources, whatsapp_api):
    stand_in, _base_url = whatsapp_api
    publish(owner.store.settings.data_dir, [("SHIP-9", datetime.now(UTC) + timedelta(hours=2))])
    alerts_job.execute_in_process(run_config=alerts_run_config("acme"), resources=resources)
    context = dg.build_schedule_context(resources=resources)

    # The first retry waits one minute, so a tick right away finds nothing due.
    idle = alerts_dispatch_schedule(context)
    make_due(owner)
    requests = alerts_dispatch_schedule(context)
    retry = alerts_job.execute_in_process(run_config=requests[0].run_config, resources=resources)

    assert isinstance(idle, dg.SkipReason)
    assert [request.run_config for request in requests] == [
        alerts_run_config("acme", evaluate=False)
    ]
    assert retry.success
    assert stand_in.failed == 1
    assert len(stand_in.requests) == 1
    assert [delivery.status for delivery in list_deliveries(owner)] == ["sent"]
    assert [delivery.attempts for delivery in list_deliveries(owner)] == [2]
