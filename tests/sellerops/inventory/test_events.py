"""order_events: the stock movements each order item state and return implies."""

from datetime import UTC, datetime

import pytest

from ingestion.client.records.returns import ReturnItem
from ingestion.client.records.shipments import Shipment
from sellerops.inventory.events import OrderEvent, order_events

MOMENT = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _shipment(status: str, *, item_id: str = "OI1", quantity: int = 2) -> Shipment:
    return Shipment.model_validate(
        {
            "shipmentId": "S1",
            "locationId": "LOC1",
            "updatedAt": MOMENT.isoformat(),
            "orderItems": [
                {
                    "orderItemId": item_id,
                    "status": status,
                    "sku": "SKU-1",
                    "quantity": quantity,
                    "orderDate": MOMENT.isoformat(),
                }
            ],
        }
    )


def _return(status: str, reason: str = "SIZE_ISSUE") -> ReturnItem:
    return ReturnItem.model_validate(
        {
            "returnId": "R1",
            "orderItemId": "OI1",
            "shipmentId": "S1",
            "locationId": "LOC1",
            "quantity": 2,
            "status": status,
            "reason": reason,
        }
    )


def _kinds(events: list[OrderEvent]) -> list[tuple[str, str]]:
    return [(event.kind, event.source_key) for event in events]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("APPROVED", [("reservation", "OI1:reserve")]),
        ("PACKING_IN_PROGRESS", [("reservation", "OI1:reserve")]),
        ("PACKED", [("reservation", "OI1:reserve")]),
        ("FORM_FAILED", [("reservation", "OI1:reserve")]),
        ("READY_TO_DISPATCH", [("reservation", "OI1:reserve"), ("dispatch", "OI1:dispatch")]),
        ("PICKUP_COMPLETE", [("reservation", "OI1:reserve"), ("dispatch", "OI1:dispatch")]),
        ("SHIPPED", [("reservation", "OI1:reserve"), ("dispatch", "OI1:dispatch")]),
        ("DELIVERED", [("reservation", "OI1:reserve"), ("dispatch", "OI1:dispatch")]),
        ("RETURN_REQUESTED", [("reservation", "OI1:reserve"), ("dispatch", "OI1:dispatch")]),
        ("RETURNED", [("reservation", "OI1:reserve"), ("dispatch", "OI1:dispatch")]),
        ("COMPLETED", [("reservation", "OI1:reserve"), ("dispatch", "OI1:dispatch")]),
        ("CANCELLED", [("release", "OI1:release")]),
        ("CREATED", []),
        ("ON_HOLD", []),
    ],
)
def test_item_status_events(status, expected):
    assert _kinds(order_events([_shipment(status)], [])) == expected


def test_event_carries_sku_location_quantity():
    (event,) = order_events([_shipment("APPROVED", quantity=3)], [])

    assert event.sku == "SKU-1"
    assert event.location_id == "LOC1"
    assert event.quantity == 3
    assert event.occurred_at == MOMENT


def test_same_record_same_keys():
    first = order_events([_shipment("SHIPPED")], [])
    again = order_events([_shipment("SHIPPED")], [])

    assert first == again


def test_missing_sku_passed_on_empty():
    shipment = _shipment("APPROVED")
    shipment.order_items[0].sku = None

    (event,) = order_events([shipment], [])

    assert event.sku == ""


def test_completed_return_restocks_good():
    events = order_events([_shipment("RETURNED")], [_return("completed")])

    restock = events[-1]
    assert (restock.kind, restock.source_key) == ("restock_good", "R1:restock")
    assert restock.sku == "SKU-1"
    assert restock.location_id == "LOC1"
    assert restock.quantity == 2


@pytest.mark.parametrize("reason", ["DAMAGED_PRODUCT", "DEFECTIVE_PRODUCT"])
def test_damaged_return_restocks_damaged(reason):
    events = order_events([_shipment("RETURNED")], [_return("completed", reason)])

    assert events[-1].kind == "restock_damaged"


@pytest.mark.parametrize("status", ["created", "cancelled", None])
def test_open_or_cancelled_return_no_event(status):
    events = order_events([], [_return(status)])

    assert events == []


def test_return_without_shipment_has_empty_sku():
    (event,) = order_events([], [_return("completed")])

    assert event.sku == ""
