"""full_pull against an in-process offset-paged fake that moves shipments mid-pull."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from client_fakes import BASE_TIME, FakeShipmentServer, make_client, shipment_payload

from ingestion.client import PullNotSettledError, full_pull

SINCE = BASE_TIME
UNTIL = BASE_TIME + timedelta(days=56)


def status_for(number: int) -> str:
    if number % 7 == 0:
        return "CANCELLED"
    if number % 3 == 0:
        return "SHIPPED"
    if number % 5 == 0:
        return "PACKED"
    return "APPROVED"


def seller(count: int = 300) -> FakeShipmentServer:
    spacing = (UNTIL - SINCE) / count
    shipments = [
        shipment_payload(
            number, SINCE + spacing * number + timedelta(minutes=1), BASE_TIME, status_for(number)
        )
        for number in range(count)
    ]
    return FakeShipmentServer(shipments)


def pull(server: FakeShipmentServer, **options):
    client, _ = make_client(server)
    return full_pull(client, since=SINCE, until=UNTIL, **options)


def test_static_pull_complete() -> None:
    server = seller()

    result = pull(server, query_workers=1)

    packed_or_later = [
        key
        for key, item in server.shipments.items()
        if item["orderItems"][0]["status"] in ("PACKED", "SHIPPED")
    ]
    assert set(result.shipments) == set(server.shipments)
    assert set(result.details) == set(server.shipments)
    assert set(result.invoices) == set(packed_or_later)
    assert result.issues == []
    assert result.counts["shipment_rounds"] == 0
    assert result.requests > 0


def test_item_ids_stay_text() -> None:
    result = pull(seller(30), query_workers=1)

    item = result.shipments["ship-00001"].order_items[0]
    assert item.order_item_id == "12248267400772202"


def test_moved_shipment_does_not_hide_another() -> None:
    """Cancelling a shipment already paged past shifts the offset; catch-up repairs it."""
    server = seller()
    first_window_pre = sorted(
        key
        for key, item in server.shipments.items()
        if item["orderItems"][0]["status"] in ("APPROVED", "PACKED")
        and datetime.fromisoformat(item["orderItems"][0]["orderDate"]) < SINCE + timedelta(days=7)
    )
    assert len(first_window_pre) > 20

    def move_first_after_page_one(fake: FakeShipmentServer, pages: int) -> None:
        if pages == 1:
            fake.set_state(first_window_pre[0], "CANCELLED", datetime.now(UTC))

    server.mutate = move_first_after_page_one
    result = pull(server, query_workers=1)

    assert set(result.shipments) == set(server.shipments)
    assert result.shipments[first_window_pre[0]].order_items[0].status == "CANCELLED"
    assert result.counts["shipment_rounds"] >= 1
    assert result.counts["windows_repulled"] >= 1


def test_moves_during_parallel_pull() -> None:
    server = seller(600)
    movable = sorted(
        key
        for key, item in server.shipments.items()
        if item["orderItems"][0]["status"] == "APPROVED"
    )

    def move_some(fake: FakeShipmentServer, pages: int) -> None:
        if pages % 5 == 0 and pages < 120:
            new_status = "CANCELLED" if pages % 10 == 0 else "PACKED"
            fake.set_state(movable[pages // 5], new_status, datetime.now(UTC))

    server.mutate = move_some
    result = pull(server, query_workers=4, detail_workers=2)

    assert set(result.shipments) == set(server.shipments)
    assert set(result.details) == set(server.shipments)


def test_endless_moves_raise() -> None:
    server = seller(60)
    flipping = sorted(server.shipments)[1]

    def always_move(fake: FakeShipmentServer, pages: int) -> None:
        status = "CANCELLED" if pages % 2 else "APPROVED"
        fake.set_state(flipping, status, datetime.now(UTC) + timedelta(microseconds=pages))

    server.mutate = always_move

    with pytest.raises(PullNotSettledError, match="after 2 catch-up rounds"):
        pull(server, query_workers=1, max_rounds=2)
