"""The client against the local sandbox server (a real HTTP process on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from ingestion.client import (
    FlipkartClient,
    InventoryUpdate,
    LocationStock,
    ShipmentFilter,
    full_pull,
)
from ingestion.sandbox.server.runner import SandboxServer

HISTORY_DAYS = 20


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    # speed=0 freezes the simulated clock, so only the fault injector changes data.
    with SandboxServer(
        seed=11, sellers=1, history_days=HISTORY_DAYS, orders_per_day=30, speed=0.0
    ) as server:
        yield server


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[FlipkartClient]:
    seller = sandbox.credentials()[0]
    with FlipkartClient(
        "local", seller["app_id"], seller["app_secret"], base_url=sandbox.base_url
    ) as flipkart:
        yield flipkart


def sandbox_now(sandbox: SandboxServer) -> datetime:
    return datetime.fromisoformat(sandbox.clock()["now"])


def test_filter_reads_shipments(client: FlipkartClient) -> None:
    shipments = list(client.shipments.filter(ShipmentFilter(type="preDispatch")))

    assert shipments
    assert all(isinstance(item.order_item_id, str) for s in shipments for item in s.order_items)
    assert all(s.updated_at.tzinfo is not None for s in shipments)


def test_expired_token_renewed(sandbox: SandboxServer, client: FlipkartClient) -> None:
    client.shipments.handover_counts(sandbox.credentials()[0]["location_ids"][0])
    first = client.tokens.get()

    revoked = sandbox.expire_tokens()
    next(client.shipments.filter_pages(ShipmentFilter(type="postDispatch")))

    assert revoked >= 1
    assert client.tokens.get().access_token != first.access_token


def test_inventory_update_per_sku(sandbox: SandboxServer, client: FlipkartClient) -> None:
    seller = sandbox.credentials()[0]
    listing = next(client.listings.search())
    update = InventoryUpdate(
        product_id=listing.product_id,
        locations=[LocationStock(id=seller["location_ids"][0], inventory=7)],
    )

    results = client.listings.update_inventory({listing.sku_id: update, "NO-SUCH-SKU": update})

    assert [result.sku for result in results] == [listing.sku_id, "NO-SUCH-SKU"]
    assert results[0].ok
    assert not results[1].ok


def test_labels_are_pdf(client: FlipkartClient) -> None:
    packed = next(
        shipment
        for shipment in client.shipments.filter(ShipmentFilter(type="postDispatch"))
        if shipment.is_packed_or_later
    )

    documents = client.shipments.download_labels([packed.shipment_id])

    assert documents[0].startswith(b"%PDF")
    assert client.shipments.invoices([packed.shipment_id])[0].shipment_id == packed.shipment_id


def test_pull_under_faults_matches_clean(sandbox: SandboxServer, client: FlipkartClient) -> None:
    """A pull through 429s, 5xx bursts, dropped connections, token expiry and shipments moving
    between pages finds the same shipments and returns as a pull without faults."""
    since = sandbox_now(sandbox) - timedelta(days=HISTORY_DAYS + 5)

    def now() -> datetime:
        return sandbox_now(sandbox)

    sandbox.set_faults("heavy")
    try:
        faulty = full_pull(client, since=since, now=now)
        faults = sandbox.stats()["faults"]
    finally:
        sandbox.set_faults("none")
    clean = full_pull(client, since=since, now=now)

    assert faults.get("state_change", 0) > 0
    assert set(faulty.shipments) == set(clean.shipments)
    assert set(faulty.returns) == set(clean.returns)
    assert set(faulty.details) == set(clean.shipments)
    assert faulty.issues == []
    assert set(clean.invoices) <= set(clean.shipments)
