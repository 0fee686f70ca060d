"""The client against the sandbox over real HTTP: complete pulls under faults, one token
renewal for many threads, and logs free of secrets.

The sandbox's ground truth is the oracle. The large pulls are marked `slow`; they still run in
`make test`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest

from ingestion.client import FlipkartClient, MemoryTokenStore, ShipmentFilter, Token, full_pull
from ingestion.sandbox.server.runner import SandboxServer

LARGE_SELLER = {"sellers": 1, "orders_per_day": 190, "history_days": 120, "speed": 0}
# Three fault patterns; each pulls about 23,000 shipments, so more seeds cost a minute each.
FAULT_SEEDS = (101, 303, 505)


def _client(server: SandboxServer, **options) -> FlipkartClient:
    seller = server.credentials()[0]
    return FlipkartClient(
        "local", seller["app_id"], seller["app_secret"], base_url=server.base_url, **options
    )


def _truth_ids(server: SandboxServer) -> tuple[set[str], set[str], int]:
    seller_id = server.credentials()[0]["seller_id"]
    truth = server.truth(seller_id)["sellers"][seller_id]
    return set(truth["shipments"]), set(truth["returns"]), truth["counts"]["shipments"]


@pytest.mark.slow
@pytest.mark.xdist_group("large-pulls")
@pytest.mark.parametrize("seed", FAULT_SEEDS)
def test_heavy_faults_pull_matches_truth(seed: int) -> None:
    """Every shipment and return arrives exactly once although the server fails, throttles,
    drops connections, revokes tokens and moves shipments between pages."""
    with SandboxServer(seed=seed, faults="heavy", **LARGE_SELLER) as server:
        with _client(server) as client:
            result = full_pull(client, since=None)
        server.set_faults("none")
        faults = server.stats()["faults"]
        shipment_ids, return_ids, shipment_count = _truth_ids(server)

    assert shipment_count >= 20_000
    assert set(result.shipments) == shipment_ids
    assert set(result.returns) == return_ids
    assert set(result.details) == shipment_ids
    for kind in (
        "rate_limit",
        "rate_limit_no_retry_after",
        "server_error",
        "dropped_connection",
        "token_expiry",
    ):
        assert faults.get(kind, 0) > 0, f"fault {kind} never fired: {faults}"
    assert faults.get("state_change", 0) > 0


class RecordingTokenStore(MemoryTokenStore):
    """Keeps every token the client saved, so a test can look for them in logs."""

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[Token] = []

    def save(self, token: Token) -> None:
        self.saved.append(token)
        super().save(token)


@pytest.fixture(scope="module")
def small_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(seed=5, sellers=1, orders_per_day=30, history_days=60, speed=0) as server:
        yield server


def test_expired_token_one_renewal_for_8_threads(small_sandbox: SandboxServer) -> None:
    """Eight threads that all meet a revoked token trigger exactly one token request."""
    app_id = small_sandbox.credentials()[0]["app_id"]
    with _client(small_sandbox) as client:
        client.tokens.get()
        grants_before = small_sandbox.stats()["token_grants"][app_id]["total"]
        small_sandbox.expire_tokens()

        barrier = threading.Barrier(8)
        errors: list[BaseException] = []
        now = client.server_clock.now()
        criteria = ShipmentFilter(
            type="postDispatch",
            order_date={"start": now - timedelta(days=30), "end": now},
        )

        def read_pages() -> None:
            try:
                barrier.wait()
                pages = client.shipments.filter_pages(criteria)
                for _ in range(3):
                    next(pages)
            except BaseException as error:  # reported below with the thread's failure
                errors.append(error)

        threads = [threading.Thread(target=read_pages) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    grants_after = small_sandbox.stats()["token_grants"][app_id]["total"]
    assert errors == []
    assert grants_after - grants_before == 1


def test_pull_logs_hold_no_secret(small_sandbox: SandboxServer) -> None:
    """A whole pull logged at DEBUG shows no token, app secret or buyer address line."""
    seller = small_sandbox.credentials()[0]
    store = RecordingTokenStore()
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        small_sandbox.set_faults("light")
        with _client(small_sandbox, token_store=store) as client:
            result = full_pull(client)
    finally:
        small_sandbox.set_faults("none")
        root.removeHandler(handler)
        root.setLevel(previous_level)

    log = "\n".join(lines)
    address_lines = {
        detail.delivery_address.address_line1
        for detail in result.details.values()
        if detail.delivery_address is not None and detail.delivery_address.address_line1
    }
    assert len(lines) > result.requests
    assert store.saved, "the client saved no token"
    for token in store.saved:
        assert token.access_token not in log
    assert seller["app_secret"] not in log
    assert address_lines
    assert not [line for line in address_lines if line in log]
