"""Benchmark: seconds from a new sandbox order to its row in the published `marts.orders`.

Run with `make bench`. A sandbox seller is synced and built once through the real Dagster
graph. Then a few orders are created through the sandbox's self-serve endpoint, one after
another, and each is timed from its creation. The sandbox posts the signed `shipment_created`
notification to the receiver (`sellerops webhook serve` in a child process), which stores it.
The webhook sensor is evaluated every `CHECK_INTERVAL_SECONDS`, as the Dagster daemon would,
and the `notification_sync` run it requests (sync, stock ledger, dbt build and tests of the
models that read Flipkart's data, publish) runs in this process. The target is one minute per
order.
Results are printed and written into docs/benchmarks.md between the webhooks markers.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.page import machine_line, write_section
from orchestration.defs.events.sensors import CHECK_INTERVAL_SECONDS

SEED = 13
ORDERS_PER_DAY = 30.0
HISTORY_DAYS = 14
ORDERS = 3
TENANT = "hooks"
TARGET_SECONDS = 60.0
GIVE_UP_SECONDS = 600.0
POLL_SECONDS = 0.05
BEGIN_MARK = "<!-- webhooks:begin -->"
END_MARK = "<!-- webhooks:end -->"


@dataclass(frozen=True)
class Delivery:
    """The timings of one order, in seconds from its creation."""

    stored: float
    requested: float
    run_seconds: float
    steps: dict[str, float]
    in_mart: float


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="sellerops-bench-webhooks-"))
    os.environ["SELLEROPS_DATA_DIR"] = str(workdir)
    for variable in ("SELLEROPS_DATABASE_URL", "SELLEROPS_SECRET_KEY", "SELLEROPS_KEY_FILE"):
        os.environ.pop(variable, None)
    os.environ.pop("DAGSTER_HOME", None)
    try:
        deliveries = measure(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    section = "\n".join(
        [
            BEGIN_MARK,
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_line()} with "
            f"`make bench` (seed {SEED}, one seller, {HISTORY_DAYS} days of history, "
            f"{len(deliveries)} orders one after another, load average "
            f"{os.getloadavg()[0]:.1f} at the end). The sensor is first evaluated as soon as "
            f"the event is stored; under the daemon it runs every {CHECK_INTERVAL_SECONDS} s, "
            "which adds up to that much.",
            "",
            "| measure (seconds from order creation) | median | max |",
            "|---|---|---|",
            *table_rows(deliveries),
            "",
            f"Target: {TARGET_SECONDS:.0f} s from order to `marts.orders`; "
            f"{sum(d.in_mart <= TARGET_SECONDS for d in deliveries)} of {len(deliveries)} "
            "orders made it.",
            END_MARK,
        ]
    )
    print(section)
    write_section(section, BEGIN_MARK, END_MARK, heading="## Push notification to marts\n\n")
    return 0


def measure(workdir: Path) -> list[Delivery]:
    import dagster as dg

    from ingestion.sandbox.server.runner import SandboxServer
    from orchestration.defs.sync.resources import OperationalStoreResource, WarehouseResource
    from orchestration.runner import load_definitions, run_account
    from orchestration.sandbox_tenant import provision_sandbox_tenant
    from orchestration.webhook_flow import ReceiverProcess
    from sellerops.db import upgrade_to_head
    from sellerops.settings import Settings
    from sellerops.store import Store

    definitions = load_definitions()
    instance = dg.DagsterInstance.ephemeral()
    resources = {
        "operational_store": OperationalStoreResource(data_dir=str(workdir)),
        "warehouse": WarehouseResource(data_dir=str(workdir)),
    }
    store = Store.open(Settings.from_environment(), create_key=True)
    upgrade_to_head(store.engine)

    print(f"starting sandbox: seed {SEED}, {ORDERS_PER_DAY:g} orders/day, {HISTORY_DAYS} days")
    with SandboxServer(
        seed=SEED,
        sellers=1,
        orders_per_day=ORDERS_PER_DAY,
        history_days=HISTORY_DAYS,
        speed=0,
    ) as server:
        (partition,) = provision_sandbox_tenant(store, server, slug=TENANT)
        first = run_account(
            partition,
            log_level="WARNING",
            resources=resources,
            instance=instance,
            definitions=definitions,
        )
        if not first.success:
            raise RuntimeError(f"The first pipeline run failed: {first.problems}")
        print(f"first run: {first.seconds:.1f} s")

        environment = {"SELLEROPS_DATA_DIR": str(workdir)}
        with ReceiverProcess(environment, workdir / "receiver.log") as receiver:
            seller = server.credentials()[0]
            url = receiver.notification_url(partition.account_id)
            server.subscribe_notifications(seller["seller_id"], url)
            deliveries = []
            for number in range(1, ORDERS + 1):
                delivery = deliver_one(
                    server, seller, store, resources, instance, definitions, workdir
                )
                print(f"order {number}: in marts.orders after {delivery.in_mart:.1f} s")
                deliveries.append(delivery)
    store.close()
    return deliveries


def deliver_one(server, seller, store, resources, instance, definitions, workdir) -> Delivery:
    """Create one order and follow it to the published mart; return its timings."""
    from orchestration.webhook_flow import (
        place_test_order,
        published_order_ids,
        run_requested_syncs,
    )

    before = stored_event_count(store)
    started = time.perf_counter()
    order_id = place_test_order(server, seller)

    while stored_event_count(store) == before:
        check_deadline(started, "the notification to be stored")
        time.sleep(POLL_SECONDS)
    stored = time.perf_counter() - started

    seen: set[str] = set()
    next_tick = time.perf_counter()
    while True:
        check_deadline(started, "a sync run to be requested")
        time.sleep(max(0.0, next_tick - time.perf_counter()))
        next_tick += CHECK_INTERVAL_SECONDS
        tick = time.perf_counter()
        runs = run_requested_syncs(
            resources["operational_store"],
            instance=instance,
            definitions=definitions,
            resources=resources,
            seen_run_keys=seen,
        )
        if runs:
            break

    (run,) = runs
    if not run.success:
        raise RuntimeError(f"The sync run failed: {run.problems}")
    in_mart = time.perf_counter() - started
    if order_id not in published_order_ids(workdir, TENANT):
        raise RuntimeError(f"Order {order_id} is not in marts.orders after its sync run.")
    return Delivery(stored, tick - started, run.seconds, run.step_seconds, in_mart)


def stored_event_count(store) -> int:
    from sqlalchemy import func, select

    from sellerops.models import WebhookEvent

    with store.operator_read() as session:
        return session.scalar(select(func.count()).select_from(WebhookEvent))


def check_deadline(started: float, waiting_for: str) -> None:
    if time.perf_counter() - started > GIVE_UP_SECONDS:
        raise RuntimeError(f"Gave up after {GIVE_UP_SECONDS:.0f} s waiting for {waiting_for}.")


def table_rows(deliveries: list[Delivery]) -> list[str]:
    def row(label: str, values: list[float]) -> str:
        return f"| {label} | {statistics.median(values):.1f} | {max(values):.1f} |"

    def step(name: str) -> list[float]:
        return [delivery.steps.get(name, 0.0) for delivery in deliveries]

    return [
        row("notification stored by the receiver", [d.stored for d in deliveries]),
        row(
            "sync run requested by the sensor (first evaluation)", [d.requested for d in deliveries]
        ),
        row("order in published `marts.orders`", [d.in_mart for d in deliveries]),
        row("of which the run (sync, dbt, publish)", [d.run_seconds for d in deliveries]),
        row("of which sync", step("flipkart_sync")),
        row("of which dbt build", step("warehouse_dbt")),
        row("of which publish", step("published_warehouse")),
    ]


if __name__ == "__main__":
    sys.exit(main())
