"""Benchmark: RTO model training time and peak memory on a million order items, and scoring rate.

Run with `make bench` (or `python -m bench.models [--items N]`). A sandbox seller is synced
and built through the real Dagster graph, bench/warehouse_data.py grows that warehouse to about
1,000,000 order items, and `dbt run` builds the marts the models read. A child process then
loads the order item frame, trains the RTO model as the `ml/rto_model` asset does and scores
every item. The child reports its own wall times and peak resident memory (`ru_maxrss`), so
the parent's sandbox and dbt memory are not counted. The other models run in the same child, each
timed. Results are printed and written into docs/benchmarks.md between the models markers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.dbt_direct import run_dbt
from bench.page import machine_line, write_section
from bench.warehouse_data import order_item_count, replicate
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths

SEED = 11
ORDERS_PER_DAY = 120.0
HISTORY_DAYS = 60
TARGET_ITEMS = 1_000_000
MODEL_SEED = 7
TENANT = "bench"
BEGIN_MARK = "<!-- models:begin -->"
END_MARK = "<!-- models:end -->"
HEADING = """## Model training and scoring

`make bench` then runs `bench/models.py`. It syncs one sandbox seller (seed 11, 120 orders a
day over 60 days, clock frozen, no faults) through the Dagster graph. It grows that warehouse
to about 1,000,000 order items the way the warehouse benchmark does and builds the marts with
`dbt run`. A child process loads the account's order items from DuckDB and trains the RTO
model (LightGBM on one thread, with its calibration and test metrics). It then scores every
order item and runs the price, delay and fast-mover models, and reports each wall time and its
own peak resident memory (`ru_maxrss`). The copies repeat the template's orders, dates and
outcomes, so the test metrics on them do not measure model quality.

"""
# The marts and staging views the models read, with everything upstream of them.
MODEL_INPUTS = (
    "+order_items",
    "+sla_shipments",
    "+stock_cover",
    "+stg_sellerops__account_profile",
    "+stg_sellerops__sku_master",
    "+stg_flipkart__listings",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--items",
        type=int,
        default=TARGET_ITEMS,
        help="Order items to grow the warehouse to (default 1,000,000); other sizes are not "
        "written to docs/benchmarks.md.",
    )
    parser.add_argument(
        "--child", nargs=2, metavar=("WAREHOUSE", "ACCOUNT_ID"), help=argparse.SUPPRESS
    )
    arguments = parser.parse_args(argv)

    if arguments.child:
        warehouse, account_id = arguments.child
        print(json.dumps(measure_models(Path(warehouse), account_id)))
        return 0

    workdir = Path(tempfile.mkdtemp(prefix="sellerops-bench-models-"))
    os.environ["SELLEROPS_DATA_DIR"] = str(workdir)
    for variable in ("SELLEROPS_DATABASE_URL", "SELLEROPS_SECRET_KEY", "SELLEROPS_KEY_FILE"):
        os.environ.pop(variable, None)
    os.environ.pop("DAGSTER_HOME", None)
    try:
        rows = measure(workdir, arguments.items)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    section = "\n".join(
        [
            BEGIN_MARK,
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_line()} with "
            f"`make bench` (seed {SEED}, one seller, {ORDERS_PER_DAY:g} orders/day, "
            f"model seed {MODEL_SEED}).",
            "",
            "| measure | value |",
            "|---|---|",
            *rows,
            END_MARK,
        ]
    )
    print(section)
    if arguments.items == TARGET_ITEMS:
        write_section(section, BEGIN_MARK, END_MARK, HEADING)
    return 0


def measure(workdir: Path, target_items: int) -> list[str]:
    """Build the template, grow it, build its marts, then measure the models in a child."""
    account_id = build_template(workdir)
    scaled = workdir / "scaled.duckdb"
    shutil.copyfile(warehouse_paths(workdir, TENANT).working, scaled)

    connection = open_warehouse(scaled)
    try:
        started = time.perf_counter()
        copies = replicate(connection, target_items)
        items = order_item_count(connection)
        print(
            f"replicated to {items:,} order items ({copies} copies) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        connection.execute("drop schema if exists marts cascade")
        connection.execute("drop schema if exists ml cascade")
    finally:
        connection.close()

    dbt_seconds = run_dbt(["run", "--select", *MODEL_INPUTS], scaled, workdir / "target-run")
    print(f"dbt run of the model inputs: {dbt_seconds:.1f} s")

    child = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "bench.models", "--child", str(scaled), account_id],
        check=False,
        capture_output=True,
        text=True,
    )
    if child.returncode != 0:
        raise RuntimeError(f"The model process failed:\n{child.stderr[-4000:]}")
    result = json.loads(child.stdout.strip().splitlines()[-1])
    print(json.dumps(result, indent=2))
    return result_rows(result, items)


def build_template(workdir: Path) -> str:
    """Sync the sandbox seller through the Dagster graph; return the account id."""
    from ingestion.sandbox.server.runner import SandboxServer
    from orchestration.runner import load_definitions, run_account
    from orchestration.sandbox_tenant import provision_sandbox_tenant
    from sellerops.db import upgrade_to_head
    from sellerops.settings import Settings
    from sellerops.store import Store

    print(f"starting sandbox: seed {SEED}, {ORDERS_PER_DAY:g} orders/day, {HISTORY_DAYS} days")
    store = Store.open(Settings.from_environment(), create_key=True)
    upgrade_to_head(store.engine)
    try:
        with SandboxServer(
            seed=SEED,
            sellers=1,
            orders_per_day=ORDERS_PER_DAY,
            history_days=HISTORY_DAYS,
            speed=0,
        ) as server:
            (partition,) = provision_sandbox_tenant(store, server, slug=TENANT)
            run = run_account(partition, log_level="WARNING", definitions=load_definitions())
            if not run.success:
                raise RuntimeError(f"The template pipeline run failed: {run.problems}")
            print(f"template run: {run.seconds:.1f} s")
    finally:
        store.close()
    return partition.account_id


def measure_models(warehouse: Path, account_id: str) -> dict[str, Any]:
    """Load the frames, train and score the RTO model and run the other models; time each."""
    from models_ml.delays import find_delay_patterns
    from models_ml.frames import order_item_frame, pricing_frames, stock_cover_frame
    from models_ml.pricing.suggest import suggest_prices
    from models_ml.rto.scoring import score_open_items, sku_rto_rates
    from models_ml.rto.training import train_rto
    from models_ml.velocity import find_fast_movers
    from orchestration.defs.intelligence.outputs import read_as_of

    result: dict[str, Any] = {}
    connection = open_warehouse(warehouse, read_only=True)
    try:
        as_of = read_as_of(connection, account_id)
        started = time.perf_counter()
        items = order_item_frame(connection, account_id)
        result["load_seconds"] = time.perf_counter() - started
        result["items"] = items.height
        result["rss_after_load_kib"] = resident_kib()

        started = time.perf_counter()
        training = train_rto(items, as_of, MODEL_SEED)
        result["train_seconds"] = time.perf_counter() - started
        result["kind"] = training.kind
        result["train_rows"] = training.version.rows
        result["metrics"] = {
            name: training.version.metrics.get(name) for name in ("roc_auc", "pr_auc", "brier")
        }

        started = time.perf_counter()
        probabilities = training.predict(training.features)
        result["score_seconds"] = time.perf_counter() - started
        result["scored"] = len(probabilities)

        started = time.perf_counter()
        open_scores = score_open_items(training)
        rates = sku_rto_rates(training)
        result["open_and_sku_seconds"] = time.perf_counter() - started
        result["open_items"] = open_scores.height
        # ru_maxrss only grows, so read here it is the peak of loading, training and scoring.
        result["peak_rss_through_rto_kib"] = peak_resident_kib()

        started = time.perf_counter()
        find_delay_patterns(items, as_of)
        result["delay_seconds"] = time.perf_counter() - started

        started = time.perf_counter()
        find_fast_movers(items, as_of, stock_cover_frame(connection))
        result["fast_movers_seconds"] = time.perf_counter() - started

        started = time.perf_counter()
        frames = pricing_frames(connection, account_id)
        suggest_prices(
            frames["items"],
            frames["listings"],
            frames["rate_card"],
            as_of=as_of,
            seed=MODEL_SEED,
            rto_rates=rates.select("sku", "predicted_rate"),
        )
        result["pricing_seconds"] = time.perf_counter() - started
    finally:
        connection.close()

    result["peak_rss_kib"] = peak_resident_kib()
    return result


def result_rows(result: dict[str, Any], items: int) -> list[str]:
    """Format the child's measurements as table rows."""
    metrics = result["metrics"]
    return [
        f"| order items in the warehouse | {items:,} |",
        f"| order items loaded from DuckDB into polars (`order_item_frame`) | "
        f"{result['items']:,} in {result['load_seconds']:.1f} s |",
        f"| RTO training ({result['kind']}: features, {result['train_rows']:,} training rows, "
        f"calibration, test metrics) | {result['train_seconds']:.1f} s |",
        f"| RTO scoring of every item (features built) | {result['scored']:,} in "
        f"{result['score_seconds']:.2f} s, {result['scored'] / result['score_seconds']:,.0f} "
        "items/s |",
        f"| open-item scores and SKU rates ({result['open_items']:,} open items) | "
        f"{result['open_and_sku_seconds']:.1f} s |",
        f"| test ROC-AUC / PR-AUC / Brier on the copies | {_number(metrics['roc_auc'])} / "
        f"{_number(metrics['pr_auc'])} / {_number(metrics['brier'])} |",
        f"| price suggestions | {result['pricing_seconds']:.1f} s |",
        f"| dispatch-delay findings | {result['delay_seconds']:.1f} s |",
        f"| fast movers | {result['fast_movers_seconds']:.1f} s |",
        f"| resident memory after loading the frame | "
        f"{result['rss_after_load_kib'] / 1024:,.0f} MiB |",
        f"| peak resident memory through RTO training and scoring (`ru_maxrss`) | "
        f"{result['peak_rss_through_rto_kib'] / 1024:,.0f} MiB |",
        f"| peak resident memory of the model process, all models (`ru_maxrss`) | "
        f"{result['peak_rss_kib'] / 1024:,.0f} MiB |",
    ]


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def resident_kib() -> int:
    """Return this process's current resident memory in KiB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def peak_resident_kib() -> int:
    """Return this process's peak resident memory in KiB (`ru_maxrss` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    sys.exit(main())
