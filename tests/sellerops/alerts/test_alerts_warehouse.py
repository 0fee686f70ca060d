"""Reading the rules' rows from a real DuckDB file shaped like the published warehouse."""

from datetime import UTC, datetime, timedelta

from ingestion.warehouse.connection import open_warehouse
from sellerops.alerts import evaluate_rules
from sellerops.alerts.warehouse import read_rows

NOW = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)
# Flipkart's clock at the latest sync, an hour behind ours.
AS_OF = NOW - timedelta(hours=1)


def build(path, *, with_ml):
    connection = open_warehouse(path)
    connection.execute("create schema if not exists marts")
    connection.execute(
        "create table marts.sla_shipments (account_id varchar, shipment_id varchar, "
        "sla_status varchar, dispatch_by timestamptz, ready_to_dispatch_at timestamptz, "
        "as_of timestamptz)"
    )
    connection.execute(
        "insert into marts.sla_shipments values "
        "('acc-1', 'S1', 'open', ?, null, ?), "
        "('acc-1', 'S2', 'on_time', ?, ?, ?), "
        "('acc-1', 'S3', 'breached', ?, null, ?), "
        "('acc-1', 'S4', 'breached', ?, ?, ?)",
        [
            *(NOW + timedelta(hours=2), AS_OF),
            *(NOW + timedelta(hours=2), NOW, AS_OF),
            *(AS_OF - timedelta(hours=1), AS_OF),
            *(AS_OF - timedelta(hours=1), AS_OF, AS_OF),
        ],
    )
    connection.execute(
        "create table marts.order_items (order_item_id varchar, account_id varchar, "
        "order_id varchar, sku varchar, ordered_at timestamptz, is_cod boolean)"
    )
    connection.execute(
        "insert into marts.order_items values ('I1', 'acc-1', 'OD1', 'SKU-1', ?, true), "
        "('I2', 'acc-1', 'OD2', 'SKU-1', ?, false)",
        [NOW - timedelta(hours=1), NOW - timedelta(hours=1)],
    )
    if with_ml:
        connection.execute("create schema if not exists ml")
        connection.execute(
            "create table ml.rto_item_scores (order_item_id varchar, account_id varchar, "
            "rto_probability double, model_kind varchar)"
        )
        connection.execute(
            "insert into ml.rto_item_scores values ('I1', 'acc-1', 0.9, 'lightgbm'), "
            "('I2', 'acc-1', 0.9, 'lightgbm')"
        )
    connection.close()


def test_missing_tables_give_no_rows(tmp_path):
    path = tmp_path / "acme.duckdb"
    build(path, with_ml=False)

    with open_warehouse(path, read_only=True) as connection:
        rows = read_rows(connection)

    assert [row["shipment_id"] for row in rows.sla_shipments] == ["S1", "S3"]
    assert rows.as_of == {"acc-1": AS_OF}
    assert rows.cod_item_scores == ()
    assert rows.stock_cover == ()


def test_cod_scores_joined_to_orders(tmp_path):
    path = tmp_path / "acme.duckdb"
    build(path, with_ml=True)

    with open_warehouse(path, read_only=True) as connection:
        rows = read_rows(connection)
    found = evaluate_rules(rows, NOW)

    assert [row["order_item_id"] for row in rows.cod_item_scores] == ["I1"]
    assert sorted(candidate.condition_key for candidate in found) == [
        "cod_rto_risk:acc-1:I1",
        "pending_dispatch:acc-1:S1",
        "pending_dispatch:acc-1:S3",
    ]


def test_hours_counted_from_as_of(tmp_path):
    path = tmp_path / "acme.duckdb"
    build(path, with_ml=False)

    with open_warehouse(path, read_only=True) as connection:
        rows = read_rows(connection)
    found = {candidate.facts["shipment_id"]: candidate for candidate in evaluate_rules(rows, NOW)}

    # S1 is due 2 hours after our clock, which is 3 hours after the sync's.
    assert found["S1"].facts["hours_left"] == "3.00"
    assert found["S1"].facts["as_of"] == AS_OF.isoformat()
    assert found["S3"].facts["hours_left"] == "-1.00"
    assert found["S3"].severity.value == "critical"
