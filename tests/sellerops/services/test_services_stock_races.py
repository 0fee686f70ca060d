"""Two processes moving the same SKUs' stock at once, on SQLite and on PostgreSQL."""

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from factories import new_tenant
from sqlalchemy import func, select
from stock_worker import COUNTS, LOCATION, RECEIPTS, SKUS, counted_value, mixed_steps

from sellerops.models import AuditEntry, StockMovement
from sellerops.security.keyfile import read_key_file
from sellerops.services.catalog import SkuInput, upsert_skus
from sellerops.services.stock import stock_levels

WORKER = Path(__file__).with_name("stock_worker.py")


def run_workers(database_url, key_file, runs):
    """Start one worker per (mode, label), release them together, return their stderr."""
    environment = {**os.environ, "SELLEROPS_SECRET_KEY": read_key_file(key_file)[0]}
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKER), database_url, mode, label],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
        )
        for mode, label in runs
    ]
    for process in processes:
        process.stdout.readline()
    for process in processes:
        process.stdin.write(b"go\n")
        process.stdin.flush()
    errors = [process.communicate(timeout=300)[1].decode() for process in processes]
    assert [process.returncode for process in processes] == [0] * len(runs), errors


@pytest.fixture
def owner(store):
    owner = new_tenant(store, "acme")
    upsert_skus(owner, [SkuInput(sku) for sku in SKUS])
    return owner


def ledger_sums(store):
    with store.operator_read() as session:
        statement = select(
            StockMovement.sku,
            func.sum(StockMovement.on_hand_delta),
            func.sum(StockMovement.reserved_delta),
        ).group_by(StockMovement.sku)
        return {sku: (on_hand, reserved) for sku, on_hand, reserved in session.execute(statement)}


@pytest.mark.xdist_group("stock_races")
def test_two_processes_lose_no_update(owner, store, database_url, settings):
    run_workers(database_url, settings.resolved_key_file, [("mixed", "a"), ("mixed", "b")])

    expected = {sku: [0, 0] for sku in SKUS}
    for label in ("a", "b"):
        for kind, sku, units, _source in mixed_steps(label):
            expected[sku][0 if kind == "receipt" else 1] += units
    levels = {level.sku: level for level in stock_levels(owner)}
    for sku in SKUS:
        assert levels[sku].on_hand == expected[sku][0], sku
        assert levels[sku].reserved == expected[sku][1], sku
    sums = ledger_sums(store)
    for sku in SKUS:
        assert sums[sku] == tuple(expected[sku]), sku


@pytest.mark.xdist_group("stock_races")
def test_count_racing_receipts(owner, store, database_url, settings):
    run_workers(database_url, settings.resolved_key_file, [("receipts", "r"), ("counts", "c")])

    # Replay the audit log in commit order: after each count, on hand is exactly the count.
    with store.operator_read() as session:
        statement = (
            select(AuditEntry.action, AuditEntry.detail_json)
            .where(AuditEntry.action.in_(["stock.receive", "stock.count"]))
            .order_by(AuditEntry.sequence)
        )
        entries = [(action, json.loads(detail)) for action, detail in session.execute(statement)]
    counted = iter(counted_value(number) for number in range(COUNTS))
    running = 0
    for action, detail in entries:
        running = running + 1 if action == "stock.receive" else next(counted)
        assert detail["on_hand"] == running, (action, detail)
        assert detail["location_id"] == LOCATION

    assert len(entries) == RECEIPTS + COUNTS
    # The two workers interleaved; otherwise the test would not have exercised the lock.
    switches = sum(1 for before, after in itertools.pairwise(entries) if before[0] != after[0])
    assert switches > 1
    [level] = stock_levels(owner, SKUS[0])
    assert level.on_hand == running
    assert ledger_sums(store)[SKUS[0]][0] == running
