from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import duckdb
import polars as pl
import pytest
from conftest import navigation_titles

from ingestion.warehouse.connection import open_warehouse
from sellerops.security.permissions import Role
from sellerops.services.dispatch_queue import AT_RISK_HOURS, PENDING_LABELS, QueuedShipment
from sellerops.services.stock import StockLevel, count_stock, stock_levels
from sellerops.services.warehouse_reads import PublishedWarehouse
from streamlit_app.components.formatting import format_count
from streamlit_app.queries import overview as overview_queries

# A location id no synced order uses, so only the test's stock counts touch its level.
COUNTED_LOCATION = "LOC-OVERVIEW-COUNT"


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


def stock_card(at) -> tuple[str, str | None]:
    """Return the value and delta of the Overview's Low stock card."""
    (card,) = [metric for metric in at.metric if metric.label == "Low stock"]
    return card.value, card.delta


def expected_stock_card(levels: list[StockLevel]) -> tuple[str, str | None]:
    out_of_stock = sum(level.is_out_of_stock for level in levels)
    low = sum(level.is_low_stock and not level.is_out_of_stock for level in levels)
    delta = f"{format_count(out_of_stock)} out of stock" if out_of_stock else None
    return format_count(low), delta


def published_levels(path, location_id: str) -> int:
    connection = open_warehouse(path, read_only=True)
    try:
        (rows,) = connection.execute(
            "select count(*) from marts.stock_cover where location_id = ?", [location_id]
        ).fetchone()
    finally:
        connection.close()
    return rows


def test_stock_card_reads_ledger_at_rerun(logged_in_app, dashboard):
    owner = dashboard.actors[Role.OWNER]
    before = stock_levels(owner)
    sku = before[0].sku
    at = logged_in_app(Role.VIEWER)
    assert stock_card(at) == expected_stock_card(before)

    # A count at a location the pipeline never saw adds a level with no unit available.
    count_stock(owner, sku, COUNTED_LOCATION, 0)
    at.run()

    empty = stock_levels(owner)
    assert not at.exception
    assert sum(level.is_out_of_stock for level in empty) == (
        sum(level.is_out_of_stock for level in before) + 1
    )
    assert stock_card(at) == expected_stock_card(empty)
    assert published_levels(dashboard.published, COUNTED_LOCATION) == 0

    count_stock(owner, sku, COUNTED_LOCATION, 5)
    at.run()

    assert stock_card(at) == expected_stock_card(stock_levels(owner))
    assert stock_card(at) != expected_stock_card(empty)


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
