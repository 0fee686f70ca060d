"""Empty, refreshing and failing states, and new data on the first reload after a publish."""

import os
import shutil

import pytest
from conftest import EMPTY_TENANT, TENANT

from ingestion.warehouse.paths import warehouse_paths
from ingestion.warehouse.publish import publish
from ingestion.warehouse.tenant_lock import tenant_write_lock
from sellerops.errors import PermissionDeniedError
from sellerops.security.permissions import Action, Role
from sellerops.services.warehouse_reads import open_published, published_warehouse


def test_reload_after_publish_and_damage(logged_in_app, dashboard):
    at = logged_in_app(Role.OWNER, tenant=EMPTY_TENANT)
    assert not at.exception
    assert "No data yet" in at.info[0].value
    assert not at.metric

    # The pipeline's publish step, fed with a working file copied from tenant `shop`.
    paths = warehouse_paths(dashboard.data_dir, EMPTY_TENANT)
    paths.working.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(dashboard.published, paths.working)
    publish(paths.working, paths.published, paths.version, run_id="test-run")
    at.run()

    assert not at.info
    assert "Today's orders" in [metric.label for metric in at.metric]

    # A damaged copy must give a message, never a traceback.
    damaged = paths.published.with_name("damaged.duckdb")
    damaged.write_bytes(b"this is not a DuckDB file" * 100)
    os.replace(damaged, paths.published)
    at.run()

    assert not at.exception
    assert "could not be shown because of an unexpected error" in at.error[0].value


def test_file_version_changes_on_publish(dashboard):
    owner = dashboard.actors[Role.OWNER]
    before = published_warehouse(owner, Action.DASHBOARD_VIEW)
    paths = warehouse_paths(dashboard.data_dir, TENANT)

    publish(paths.working, paths.published, paths.version, run_id="republish")
    after = published_warehouse(owner, Action.DASHBOARD_VIEW)

    assert before.exists
    assert after.file_version != before.file_version
    assert after.path == before.path


def test_refreshing_notice_while_pipeline_writes(logged_in_app, dashboard):
    working = warehouse_paths(dashboard.data_dir, TENANT).working

    with tenant_write_lock(working, timeout_seconds=5):
        at = logged_in_app(Role.VIEWER, page="returns")

    assert "Data is being refreshed" in at.info[0].value
    assert at.metric


def test_not_a_warehouse_read_rejected(dashboard):
    owner = dashboard.actors[Role.OWNER]

    with pytest.raises(ValueError, match=r"'stock\.view' is not a warehouse read"):
        published_warehouse(owner, Action.STOCK_VIEW)


def test_open_published_reads_marts(dashboard):
    connection = open_published(dashboard.actors[Role.ACCOUNTANT], Action.PROFIT_VIEW)
    try:
        rows = connection.execute("select count(*) from marts.order_items").fetchone()[0]
        zone = connection.execute("select current_setting('TimeZone')").fetchone()[0]
    finally:
        connection.close()

    assert rows > 0
    assert zone == "Asia/Kolkata"


def test_open_published_checks_permission(dashboard):
    with pytest.raises(PermissionDeniedError):
        open_published(dashboard.actors[Role.PACKER], Action.PROFIT_VIEW)
