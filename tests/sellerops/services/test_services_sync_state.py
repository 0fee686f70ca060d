"""Sync cursors: per account and stream, never backwards, audited once per advance."""

import itertools
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from factories import account_input, new_tenant
from sqlalchemy import select

from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import AuditEntry
from sellerops.security.keyfile import read_key_file
from sellerops.services import add_account
from sellerops.services.sync_state import advance_cursor, get_cursor, reset_cursors

WORKER = Path(__file__).with_name("cursor_worker.py")
NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def owner_and_account(store):
    owner = new_tenant(store, "acme")
    return owner, add_account(owner, account_input("main")).id


def advances(store):
    """Return the detail of every succeeded `sync.run` entry, oldest first."""
    with store.operator_read() as session:
        statement = (
            select(AuditEntry.detail_json)
            .where(AuditEntry.action == "sync.run", AuditEntry.result == "succeeded")
            .order_by(AuditEntry.sequence)
        )
        return [json.loads(detail) for detail in session.scalars(statement).all()]


def test_cursor_none_before_first_sync(owner_and_account):
    owner, account_id = owner_and_account
    assert get_cursor(owner, account_id, "shipments") is None


def test_cursor_advances_per_stream(owner_and_account):
    owner, account_id = owner_and_account

    advance_cursor(owner, account_id, "shipments", NOON, "batch-1")
    advance_cursor(owner, account_id, "returns", NOON - timedelta(hours=1), "batch-2")

    assert get_cursor(owner, account_id, "shipments") == NOON
    assert get_cursor(owner, account_id, "returns") == NOON - timedelta(hours=1)
    assert get_cursor(owner, account_id, "listings") is None


def test_cursor_never_moves_backwards(owner_and_account):
    owner, account_id = owner_and_account
    advance_cursor(owner, account_id, "shipments", NOON, "batch-1")

    older = advance_cursor(owner, account_id, "shipments", NOON - timedelta(seconds=1), "batch-2")
    same = advance_cursor(owner, account_id, "shipments", NOON, "batch-3")

    assert older == NOON
    assert same == NOON
    assert get_cursor(owner, account_id, "shipments") == NOON


def test_cursor_audited_once_per_advance(owner_and_account, store):
    owner, account_id = owner_and_account
    later = NOON + timedelta(minutes=15)

    advance_cursor(owner, account_id, "shipments", NOON, "batch-1")
    advance_cursor(owner, account_id, "shipments", NOON - timedelta(minutes=5), "batch-2")
    advance_cursor(owner, account_id, "shipments", later, "batch-3")

    assert advances(store) == [
        {"stream": "shipments", "from": None, "to": NOON.isoformat(), "batch_id": "batch-1"},
        {
            "stream": "shipments",
            "from": NOON.isoformat(),
            "to": later.isoformat(),
            "batch_id": "batch-3",
        },
    ]


def test_cursor_returned_in_utc(owner_and_account):
    owner, account_id = owner_and_account
    india = NOON.astimezone(ZoneInfo("Asia/Kolkata"))

    advance_cursor(owner, account_id, "shipments", india, "batch-1")
    stored = get_cursor(owner, account_id, "shipments")

    assert stored == NOON
    assert stored.utcoffset() == timedelta(0)


def test_cursor_rejects_naive_time(owner_and_account):
    owner, account_id = owner_and_account
    with pytest.raises(InvalidInputError) as caught:
        advance_cursor(owner, account_id, "shipments", NOON.replace(tzinfo=None), "batch-1")
    assert "has no time zone; pass an aware datetime" in str(caught.value)


def test_cursor_rejects_unknown_stream(owner_and_account):
    owner, account_id = owner_and_account
    with pytest.raises(InvalidInputError) as caught:
        get_cursor(owner, account_id, "orders")
    assert str(caught.value) == (
        "Unknown sync stream 'orders'; use one of: shipments, returns, listings."
    )


def test_cursor_of_unknown_account(owner_and_account):
    owner, _ = owner_and_account
    with pytest.raises(NotFoundError):
        advance_cursor(owner, "nope", "shipments", NOON, "batch-1")


def test_reset_deletes_account_cursors(owner_and_account, store):
    owner, account_id = owner_and_account
    other_id = add_account(owner, account_input("second")).id
    for stream in ("shipments", "returns"):
        advance_cursor(owner, account_id, stream, NOON, "batch-1")
    advance_cursor(owner, other_id, "shipments", NOON, "batch-1")

    assert reset_cursors(owner, account_id) == 2

    assert get_cursor(owner, account_id, "shipments") is None
    assert get_cursor(owner, other_id, "shipments") == NOON
    assert advances(store)[-1] == {"reset_cursors": 2}


def run_two_workers(database_url, key_file):
    environment = {**os.environ, "SELLEROPS_SECRET_KEY": read_key_file(key_file)[0]}
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKER), database_url, label, offset],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
        )
        for label, offset in (("worker-a", "0"), ("worker-b", "1"))
    ]

    # Both workers report ready before either receives the signal to start.
    for process in processes:
        process.stdout.readline()
    for process in processes:
        process.stdin.write(b"go\n")
        process.stdin.flush()
    errors = [process.communicate(timeout=300)[1].decode() for process in processes]
    return [process.returncode for process in processes], errors


def test_two_processes_keep_cursor_monotonic(store, owner_and_account, database_url, settings):
    owner, account_id = owner_and_account

    codes, errors = run_two_workers(database_url, settings.resolved_key_file)

    assert codes == [0, 0], errors
    last = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(minutes=199)
    assert get_cursor(owner, account_id, "shipments") == last
    history = advances(store)
    assert history[0]["from"] is None
    for before, after in itertools.pairwise(history):
        assert after["from"] == before["to"], (before, after)
        assert after["to"] > before["to"], (before, after)
    assert history[-1]["to"] == last.isoformat()
    # Both workers race for the same cursor. On a loaded machine one may finish before the other
    # starts, so the test checks what must hold either way: each advance starts where the last
    # one ended, moves forward, and the cursor ends at the newest time.
