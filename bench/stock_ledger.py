"""Benchmark: a first sync's order events applied to the stock ledger, in one batch and one by one.

Run with `make bench`. The order events of a sandbox seller's shipments and returns (seed 23, 80
orders a day over 60 days) are applied to two new SQLite stores. The first gets them through
`apply_order_events`, which inserts the movements in batches. The second gets the same planned
movements one at a time under the same locks, as the ledger did before. Both stores must end
with the same levels. Results are printed and written into docs/benchmarks.md between the
stock-ledger markers.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.page import machine_line, write_section
from ingestion.client import FlipkartClient
from ingestion.client.pull import full_pull
from ingestion.sandbox.server.runner import SandboxServer
from sellerops.db import upgrade_to_head
from sellerops.inventory.events import OrderEvent, order_events
from sellerops.services import Actor, create_tenant, login
from sellerops.services.catalog import SkuInput, upsert_skus
from sellerops.services.provisioning import ensure_default_plan
from sellerops.services.stock import apply_order_events, stock_levels
from sellerops.services.stock_events import plan_order_events
from sellerops.services.stock_ledger import add_movement
from sellerops.settings import PasswordHashing, Settings
from sellerops.store import Store

SANDBOX = {"seed": 23, "sellers": 1, "history_days": 60, "orders_per_day": 80.0, "speed": 0}
PASSWORD = "bench password"  # noqa: S105 (the owner of a throwaway store)
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)
BEGIN_MARK = "<!-- stock-ledger:begin -->"
END_MARK = "<!-- stock-ledger:end -->"
HEADING = "## Order events into the stock ledger\n\n"


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="sellerops-bench-stock-"))
    try:
        events = sandbox_events()
        batched, batched_levels, applied = timed(workdir / "batched", events, apply_batched)
        single, single_levels, _ = timed(workdir / "single", events, apply_one_by_one)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if batched_levels != single_levels:
        print(
            "The two stores ended with different stock levels; check add_movements.",
            file=sys.stderr,
        )
        return 1

    section = "\n".join(
        [
            BEGIN_MARK,
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_line()} with "
            f"`make bench` (seed {SANDBOX['seed']}, one seller, "
            f"{SANDBOX['orders_per_day']:g} orders/day over {SANDBOX['history_days']} days, "
            f"SQLite).",
            "",
            "| measure | value |",
            "|---|---|",
            f"| order events | {len(events):,} ({applied:,} movements) |",
            f"| batched (`apply_order_events`) | {batched:.2f} s |",
            f"| one movement at a time | {single:.2f} s |",
            f"| one at a time ÷ batched | {single / batched:.1f} |",
            END_MARK,
        ]
    )
    print(section)
    write_section(section, BEGIN_MARK, END_MARK, HEADING)
    return 0


def sandbox_events() -> list[OrderEvent]:
    """Return the order events of every shipment and return of the sandbox seller."""
    with SandboxServer(**SANDBOX) as server:
        seller = server.credentials()[0]
        client = FlipkartClient(
            "local", seller["app_id"], seller["app_secret"], base_url=server.base_url
        )
        with client:
            pulled = full_pull(client)
    return order_events(pulled.shipments.values(), pulled.returns.values())


def timed(data_dir: Path, events: list[OrderEvent], apply) -> tuple[float, list[tuple], int]:
    """Apply `events` to a new store in `data_dir`; return seconds, final levels and movements."""
    actor = new_owner(data_dir, events)
    try:
        started = time.perf_counter()
        applied = apply(actor, events)
        seconds = time.perf_counter() - started
        levels = [
            (level.sku, level.location_id, level.on_hand, level.reserved, level.damaged)
            for level in stock_levels(actor)
        ]
    finally:
        actor.store.close()
    return seconds, levels, applied


def new_owner(data_dir: Path, events: list[OrderEvent]) -> Actor:
    settings = Settings(data_dir=data_dir, password_hashing=FAST_HASHING)
    store = Store.open(settings, create_key=True)
    upgrade_to_head(store.engine)
    ensure_default_plan(store, "operator:bench")
    create_tenant(
        store,
        "operator:bench",
        slug="bench",
        name="Bench",
        owner_email="owner@bench.example",
        owner_password=PASSWORD,
        plan_name="unlimited",
    )
    owner = login(store, "bench", "owner@bench.example", PASSWORD)
    upsert_skus(owner, [SkuInput(sku) for sku in sorted({event.sku for event in events})])
    return owner


def apply_batched(actor: Actor, events: list[OrderEvent]) -> int:
    return apply_order_events(actor, events).applied


def apply_one_by_one(actor: Actor, events: list[OrderEvent]) -> int:
    """Plan as `apply_order_events` does, then add each movement with its own statements."""
    with actor.store.write(actor.tenant_id) as session:
        plan = plan_order_events(session, events)
        return sum(add_movement(session, movement, actor.label) for movement in plan.movements)


if __name__ == "__main__":
    sys.exit(main())
