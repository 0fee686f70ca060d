"""Benchmark: dbt build on a million order items against the same SQL run directly in DuckDB,
and one incremental cycle (sync + dbt + publish) for 1,000 new orders.

Run with `make bench`. A sandbox seller is synced and built through the real Dagster graph;
that warehouse is the template that bench/warehouse_data.py grows to about 1,000,000 order
items. dbt then builds the copy while the compiled model SQL runs straight in DuckDB on an
identical copy, in the same run, so the ratio shows what dbt adds. Finally the sandbox clock
moves on until about 1,000 new orders exist and the graph runs once more, incrementally.
Results are printed and written into docs/benchmarks.md between the warehouse markers.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.dbt_direct import compiled_models, run_dbt, run_direct
from bench.page import machine_line, write_section
from bench.warehouse_data import order_item_count, replicate
from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths

SEED = 11
ORDERS_PER_DAY = 120.0
HISTORY_DAYS = 60
TARGET_ITEMS = 1_000_000
NEW_ORDERS = 1_000
TENANT = "bench"
BEGIN_MARK = "<!-- warehouse:begin -->"
END_MARK = "<!-- warehouse:end -->"


def main() -> int:
    import os

    workdir = Path(tempfile.mkdtemp(prefix="sellerops-bench-"))
    os.environ["SELLEROPS_DATA_DIR"] = str(workdir)
    for variable in ("SELLEROPS_DATABASE_URL", "SELLEROPS_SECRET_KEY", "SELLEROPS_KEY_FILE"):
        os.environ.pop(variable, None)
    os.environ.pop("DAGSTER_HOME", None)
    try:
        rows = measure(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    section = "\n".join(
        [
            BEGIN_MARK,
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_line()} with "
            f"`make bench` (seed {SEED}, one seller, {ORDERS_PER_DAY:g} orders/day).",
            "",
            "| measure | value |",
            "|---|---|",
            *rows,
            END_MARK,
        ]
    )
    print(section)
    write_section(section, BEGIN_MARK, END_MARK)
    return 0


def measure(workdir: Path) -> list[str]:
    from orchestration.runner import load_definitions, run_account
    from orchestration.sandbox_tenant import provision_sandbox_tenant
    from sellerops.db import upgrade_to_head
    from sellerops.settings import Settings
    from sellerops.store import Store

    print(f"starting sandbox: seed {SEED}, {ORDERS_PER_DAY:g} orders/day, {HISTORY_DAYS} days")
    # Loaded once, so the incremental run uses the same graph as the first one.
    definitions = load_definitions()
    store = Store.open(Settings.from_environment(), create_key=True)
    upgrade_to_head(store.engine)
    with SandboxServer(
        seed=SEED,
        sellers=1,
        orders_per_day=ORDERS_PER_DAY,
        history_days=HISTORY_DAYS,
        speed=0,
    ) as server:
        (partition,) = provision_sandbox_tenant(store, server, slug=TENANT)
        first = run_account(partition, log_level="WARNING", definitions=definitions)
        if not first.success:
            raise RuntimeError(f"The first pipeline run failed: {first.problems}")
        print(f"first full run: {first.seconds:.1f} s")

        scale_rows = measure_scale(workdir)

        server.clock(advance_seconds=NEW_ORDERS / ORDERS_PER_DAY * 86_400)
        started = time.perf_counter()
        cycle = run_account(partition, log_level="WARNING", definitions=definitions)
        cycle_seconds = time.perf_counter() - started
        if not cycle.success:
            raise RuntimeError(f"The incremental run failed: {cycle.problems}")
    store.close()

    steps = cycle.step_seconds
    cycle_rows = [
        f"| incremental cycle for about {NEW_ORDERS:,} new orders, total | {cycle_seconds:.1f} s |",
        f"| of which sync (Flipkart API + validation + upsert) | "
        f"{steps.get('flipkart_sync', 0):.1f} s |",
        f"| of which operational copy | {steps.get('operational_copy', 0):.1f} s |",
        f"| of which dbt build | {steps.get('warehouse_dbt', 0):.1f} s |",
        f"| of which publish | {steps.get('published_warehouse', 0):.1f} s |",
    ]
    return scale_rows + cycle_rows


def measure_scale(workdir: Path) -> list[str]:
    """Grow the template to TARGET_ITEMS, then time dbt against the compiled SQL run directly."""
    template = warehouse_paths(workdir, TENANT).working
    scaled = workdir / "scaled.duckdb"
    direct = workdir / "direct.duckdb"
    shutil.copyfile(template, scaled)

    connection = open_warehouse(scaled)
    try:
        started = time.perf_counter()
        copies = replicate(connection, TARGET_ITEMS)
        items = order_item_count(connection)
        print(
            f"replicated to {items:,} order items ({copies} copies) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        connection.execute("drop schema if exists marts cascade")
    finally:
        connection.close()

    run_dbt(["seed"], scaled, workdir / "target-seed")
    shutil.copyfile(scaled, direct)
    dbt_run = run_dbt(["run"], scaled, workdir / "target-run")
    dbt_build = run_dbt(["build"], scaled, workdir / "target-build")
    run_dbt(["compile"], direct, workdir / "target-compile")
    direct_seconds = run_direct(direct, compiled_models(workdir / "target-compile"))
    print(f"dbt run {dbt_run:.1f} s, dbt build {dbt_build:.1f} s, direct {direct_seconds:.1f} s")

    return [
        f"| order items in the warehouse | {items:,} |",
        f"| `dbt run` (models only) | {dbt_run:.1f} s |",
        f"| `dbt build` (seeds, models, tests) | {dbt_build:.1f} s |",
        f"| compiled model SQL run directly in DuckDB | {direct_seconds:.1f} s |",
        f"| `dbt run` ÷ direct SQL | {dbt_run / direct_seconds:.2f} |",
        f"| `dbt build` ÷ direct SQL | {dbt_build / direct_seconds:.2f} |",
    ]


if __name__ == "__main__":
    sys.exit(main())
