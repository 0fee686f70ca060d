"""Publishing the working warehouse while another process reads the published copy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from ingestion.warehouse.publish import publish, read_version

READER = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1], read_only=True)
print(connection.execute("SELECT count(*) FROM t").fetchone()[0], flush=True)
sys.stdin.readline()
print(connection.execute("SELECT count(*) FROM t").fetchone()[0], flush=True)
"""


def _write_rows(path: Path, count: int) -> None:
    connection = open_warehouse(path)
    connection.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)")
    connection.execute("INSERT INTO t SELECT range FROM range(?)", [count])
    connection.close()


def test_publish_while_reader_holds_copy(tmp_path: Path) -> None:
    paths = warehouse_paths(tmp_path, "demo-shop")
    _write_rows(paths.working, 10)
    first = publish(paths.working, paths.published, paths.version, run_id="run-1")

    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(paths.published)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "10"
        _write_rows(paths.working, 5)
        second = publish(paths.working, paths.published, paths.version, run_id="run-2")
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "10"
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)

    assert reader.returncode == 0
    assert second.version != first.version
    fresh = open_warehouse(paths.published, read_only=True)
    assert fresh.execute("SELECT count(*) FROM t").fetchone() == (15,)
    fresh.close()
    recorded = read_version(paths.version)
    assert recorded["version"] == second.version
    assert recorded["run_id"] == "run-2"
    assert json.loads(paths.version.read_text())["published_at"].endswith("+00:00")
    assert sorted(path.name for path in paths.published.parent.iterdir()) == [
        "demo-shop.duckdb",
        "demo-shop.json",
    ]


def test_paths_reject_bad_slug(tmp_path: Path) -> None:
    for slug in ("../etc", "Demo", "a", "shop/1", ""):
        try:
            warehouse_paths(tmp_path, slug)
        except ValueError as error:
            assert repr(slug) in str(error)
        else:
            raise AssertionError(f"slug {slug!r} was accepted")


def test_paths_follow_layout(tmp_path: Path) -> None:
    paths = warehouse_paths(tmp_path, "shop-1")
    assert paths.working == tmp_path / "warehouse" / "shop-1.duckdb"
    assert paths.published == tmp_path / "warehouse" / "published" / "shop-1.duckdb"
    assert paths.version == tmp_path / "warehouse" / "published" / "shop-1.json"
