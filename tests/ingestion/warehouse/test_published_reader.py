import threading
from datetime import date

from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.publish import publish
from ingestion.warehouse.published_reader import PublishedReader
from sellerops.services.warehouse_reads import _file_version


def write_working(path, value):
    connection = open_warehouse(path)
    try:
        connection.execute("create or replace table raw.marker as select ? as value", [value])
    finally:
        connection.close()


def publish_value(tmp_path, value):
    working = tmp_path / "working.duckdb"
    published = tmp_path / "published" / "copy.duckdb"
    write_working(working, value)
    publish(working, published, tmp_path / "published" / "copy.json", run_id=f"run-{value}")
    return published, _file_version(published)


def read_marker(reader, path, version):
    with reader.cursor(path, version) as cursor:
        return cursor.sql("select value from raw.marker").fetchall()[0][0]


def test_reader_sees_new_publish(tmp_path):
    reader = PublishedReader()
    path, first = publish_value(tmp_path, 1)
    assert read_marker(reader, path, first) == 1

    # DuckDB would hand back the first file here if the reader kept its connection open.
    _, second = publish_value(tmp_path, 2)
    assert second != first
    assert read_marker(reader, path, second) == 2
    reader.close()


def test_reader_shares_one_connection(tmp_path):
    reader = PublishedReader()
    path, version = publish_value(tmp_path, 1)
    with reader.cursor(path, version) as first, reader.cursor(path, version) as second:
        assert first is not second
        assert len(reader._copies) == 1
    reader.close()


def test_reader_cursors_use_ist(tmp_path):
    reader = PublishedReader()
    path, version = publish_value(tmp_path, 1)
    with reader.cursor(path, version) as cursor:
        zone = cursor.sql("select current_setting('TimeZone')").fetchall()[0][0]
        day = cursor.sql("select '2026-12-04 20:00:00+00'::timestamptz::date").fetchall()[0][0]
    assert zone == "Asia/Kolkata"
    assert day == date(2026, 12, 5)
    reader.close()


def test_reader_swap_waits_for_queries(tmp_path):
    reader = PublishedReader()
    path, first = publish_value(tmp_path, 1)
    started, release = threading.Event(), threading.Event()
    seen = []

    def slow_reader():
        with reader.cursor(path, first) as cursor:
            started.set()
            release.wait(timeout=10)
            seen.append(cursor.sql("select value from raw.marker").fetchall()[0][0])

    worker = threading.Thread(target=slow_reader)
    worker.start()
    started.wait(timeout=10)
    _, second = publish_value(tmp_path, 2)

    newer = []
    swapper = threading.Thread(target=lambda: newer.append(read_marker(reader, path, second)))
    swapper.start()
    swapper.join(timeout=0.5)
    # The new version waits: closing the old connection now would break the running query.
    assert swapper.is_alive()
    release.set()
    worker.join(timeout=10)
    swapper.join(timeout=10)
    assert seen == [1]
    assert newer == [2]
    reader.close()
