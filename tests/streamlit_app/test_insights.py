"""The insight pages' figures against the same marts queried directly with DuckDB."""

import duckdb
import pytest

from ingestion.warehouse.connection import open_warehouse
from sellerops.errors import PermissionDeniedError
from sellerops.security.permissions import Action, Role
from sellerops.services.accounts import get_account
from sellerops.services.warehouse_reads import published_warehouse
from streamlit_app.components.formatting import format_count, format_inr


@pytest.fixture(scope="module")
def marts(dashboard):
    connection = open_warehouse(dashboard.published, read_only=True)
    yield connection
    connection.close()


def scalar(connection: duckdb.DuckDBPyConnection, sql: str, params=None):
    return connection.execute(sql, params or []).fetchone()[0]


def metrics(at):
    return {metric.label: metric.value for metric in at.metric}


def data_day(marts, account_id=None):
    return scalar(
        marts,
        "select max(as_of)::date from marts.sla_shipments where ? is null or account_id = ?",
        [account_id, account_id],
    )


def test_overview_counts_match_marts(logged_in_app, marts):
    day = data_day(marts)
    orders = scalar(
        marts, "select count(distinct order_id) from marts.order_items where order_date = ?", [day]
    )
    pending = scalar(marts, "select count(*) from marts.sla_shipments where sla_status = 'open'")

    shown = metrics(logged_in_app(Role.OWNER))

    assert shown["Today's orders"] == format_count(orders)
    assert shown["Pending dispatch"] == format_count(pending)
    assert orders > 0


def test_overview_money_matches_marts(logged_in_app, marts):
    day = data_day(marts)
    profit = scalar(
        marts,
        "select sum(net_profit) from marts.sku_profit_daily "
        "where period_start between ?::date - 29 and ?",
        [day, day],
    )

    value = scalar(
        marts, "select sum(order_item_value) from marts.order_items where order_date = ?", [day]
    )

    shown = metrics(logged_in_app(Role.MANAGER))

    assert shown["Net profit, last 30 days"] == format_inr(profit, paise=False)
    assert shown["Today's order value"] == format_inr(value, paise=False)


def test_overview_packer_sees_no_money(logged_in_app, dashboard):
    shown = metrics(logged_in_app(Role.PACKER))

    assert "Today's orders" in shown
    assert not [label for label in shown if "sales" in label or "profit" in label]
    assert "Today's order value" not in shown
    with pytest.raises(PermissionDeniedError):
        published_warehouse(dashboard.actors[Role.PACKER], Action.PROFIT_VIEW)


def test_account_switcher_narrows_overview(logged_in_app, dashboard, marts):
    account_id = dashboard.account_ids[0]
    day = data_day(marts, account_id)
    orders = scalar(
        marts,
        "select count(distinct order_id) from marts.order_items "
        "where order_date = ? and account_id = ?",
        [day, account_id],
    )
    at = logged_in_app(Role.OWNER)
    switcher = at.sidebar.selectbox(key="sellerops_account")
    assert switcher.options[0] == "All accounts"
    assert len(switcher.options) == 1 + len(dashboard.account_ids)

    name = get_account(dashboard.actors[Role.OWNER], account_id).name
    switcher.set_value(name).run()

    assert metrics(at)["Today's orders"] == format_count(orders)
    assert any("One seller account" in caption.value for caption in at.caption)


def test_orders_payment_filter(logged_in_app, marts):
    cod_items = scalar(marts, "select count(*) from marts.order_items where payment_type = 'COD'")
    at = logged_in_app(Role.ACCOUNTANT, page="orders")

    at.multiselect(key="orders_payment").select("COD").run()

    assert metrics(at)["Matching order items"] == format_count(cod_items)
    table = at.dataframe[0].value
    assert set(table["payment_type"]) == {"COD"}


def test_orders_status_and_state_filters(logged_in_app, marts):
    state = scalar(
        marts,
        "select delivery_state from marts.order_items group by 1 order by count(*) desc limit 1",
    )
    expected = scalar(
        marts,
        "select count(*) from marts.order_items "
        "where delivery_state = ? and current_stage = 'DELIVERED'",
        [state],
    )
    at = logged_in_app(Role.MANAGER, page="orders")

    at.multiselect(key="orders_states").select(state).run()
    at.multiselect(key="orders_stages").select("DELIVERED").run()

    assert metrics(at)["Matching order items"] == format_count(expected)


def open_detail(at, order_id):
    at.selectbox(key="orders_detail_id").set_value(order_id).run()
    return " ".join(block.value for block in [*at.markdown, *at.caption])


def test_order_detail_packer_sees_buyer_not_fees(logged_in_app, dashboard):
    at = logged_in_app(Role.PACKER, page="orders")

    text = open_detail(at, dashboard.buyer_order_id)

    assert "Meera Iyer" in text
    assert "CGST" in text
    assert "Net profit" not in text
    assert "Fees and profit are hidden for your role." in text


def test_order_detail_viewer_sees_fees_not_buyer(logged_in_app, dashboard):
    at = logged_in_app(Role.VIEWER, page="orders")

    text = open_detail(at, dashboard.buyer_order_id)

    assert "Meera Iyer" not in text
    assert "Buyer details are hidden for your role." in text
    assert "Commission" in text
    assert "Net profit" in text


def test_returns_match_marts(logged_in_app, marts):
    rto = scalar(marts, "select count(*) from marts.returns where return_type = 'rto'")
    loss = scalar(marts, "select sum(loss) from marts.returns")

    shown = metrics(logged_in_app(Role.ACCOUNTANT, page="returns"))

    assert shown["RTO returns"] == format_count(rto)
    assert shown["Loss from returns"] == format_inr(loss, paise=False)


def test_profit_matches_marts(logged_in_app, marts):
    profit = scalar(marts, "select sum(net_profit) from marts.sku_profit_daily")
    losers = scalar(
        marts,
        "select count(*) from (select sku from marts.sku_profit_daily "
        "group by sku having sum(net_profit) < 0)",
    )
    at = logged_in_app(Role.VIEWER, page="profit")
    shown = metrics(at)

    assert shown["Net profit"] == format_inr(profit, paise=False)
    assert shown["Loss-making SKUs"] == str(losers)
    at.segmented_control(key="profit_period").set_value("Weekly").run()
    assert not at.exception


def test_audit_log_lists_logins(logged_in_app):
    at = logged_in_app(Role.ACCOUNTANT, page="audit-log")

    table = at.dataframe[0].value

    assert "user.login" in set(table["action"])
    assert "user:accountant@shop.example" in set(table["actor"])
