from dataclasses import replace
from datetime import UTC, datetime

import duckdb
import pytest
from conftest import navigation_titles

from sellerops.security.permissions import Role
from sellerops.services.dispatch_queue import AT_RISK_HOURS, PENDING_LABELS, QueuedShipment
from sellerops.services.warehouse_reads import PublishedWarehouse
from streamlit_app.queries import overview as overview_queries


def metric_labels(at):
    return [metric.label for metric in at.metric]


@pytest.mark.parametrize("role", list(Role))
def test_overview_every_role(logged_in_app, role):
    at = logged_in_app(role)

    assert not at.exception
    assert navigation_titles(at)[0] == "Overview"
    assert at.header[0].value == "Overview"
    labels = metric_labels(at)
    assert "Today's orders" in labels
    assert "Pending dispatch" in labels
    assert "SLA at risk" in labels
    assert "Low stock" in labels


def test_at_risk_count_matches_dispatch_queue(tmp_path):
    path = tmp_path / "published.duckdb"
    open_hours = [-3.0, 0.0, 23.9, float(AT_RISK_HOURS), AT_RISK_HOURS + 0.01, 48.0]
    connection = duckdb.connect(str(path))
    connection.execute("create schema marts")
    connection.execute(
        "create table marts.order_items (account_id text, order_id text, "
        "order_item_value decimal(18, 2), order_date date)"
    )
    connection.execute(
        "create table marts.sla_shipments (account_id text, sla_status text, hours_left double)"
    )
    for hours in open_hours:
        connection.execute("insert into marts.sla_shipments values ('a1', 'open', ?)", [hours])
    connection.execute("insert into marts.sla_shipments values ('a1', 'met', 5.0)")
    connection.close()
    warehouse = PublishedWarehouse("t", path, "v1", None, None, is_refreshing=False)
    template = QueuedShipment(
        "S1", "O1", "APPROVED", PENDING_LABELS, "L1", "SKU1", 1, None, None, None, False
    )

    today = overview_queries.today_summary(warehouse, None, datetime.now(UTC))

    queue_statuses = [replace(template, hours_left=hours).sla_status for hours in open_hours]
    assert today.pending_dispatch == len(open_hours)
    assert today.at_risk == sum(status in ("at_risk", "breached") for status in queue_statuses)
    assert today.overdue == queue_statuses.count("breached")
