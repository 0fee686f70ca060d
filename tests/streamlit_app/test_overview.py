from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import duckdb
import polars as pl
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
        "create table marts.sales_daily (account_id text, period_start date, orders integer, "
        "items integer, gross_value decimal(18, 2), cancelled_items integer, "
        "rto_items integer, net_sales decimal(18, 2))"
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


def test_money_summary_splits_the_two_windows():
    day = date(2026, 11, 30)
    days = [day - timedelta(days=offset) for offset in (0, 29, 30, 59, 60)]
    sales = pl.DataFrame(
        {
            "day": days,
            "dispatchable_items": [10, 10, 20, 20, 500],
            "rto_items": [1, 2, 3, 1, 400],
            "net_sales": [
                Decimal("100.50"),
                Decimal("10.00"),
                Decimal("7.25"),
                Decimal("1"),
                Decimal("99"),
            ],
        },
        schema_overrides={"net_sales": pl.Decimal(18, 2)},
    )
    profit = pl.DataFrame(
        {"day": days[:2], "net_profit": [Decimal("-5.10"), Decimal("2.00")]},
        schema_overrides={"net_profit": pl.Decimal(18, 2)},
    )

    money = overview_queries.money_summary(sales, profit, day, days=30)
    trend = overview_queries.daily_money(sales, profit, day, days=30)

    # Day 60 back is outside both windows; day 30 back opens the previous one.
    assert money.net_sales == Decimal("110.50")
    assert money.previous_net_sales == Decimal("8.25")
    assert money.net_profit == Decimal("-3.10")
    assert money.previous_net_profit == Decimal("0.00")
    assert money.rto_rate == Decimal(3) / Decimal(20)
    assert money.previous_rto_rate == Decimal(4) / Decimal(40)
    assert trend.get_column("day").to_list() == [days[1], days[0]]
    assert trend.get_column("net_profit").to_list() == [Decimal("2.00"), Decimal("-5.10")]
