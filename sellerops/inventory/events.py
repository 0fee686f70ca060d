"""Stock movements implied by synced shipments and returns, one source key per movement.

The same record always yields the same `source_key`s, so the ledger, which applies each key
once, moves stock once per order item and kind however often the record is synced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ingestion.client.records.returns import ReturnItem
from ingestion.client.records.shipments import OrderItem, Shipment

RESERVATION = "reservation"
RELEASE = "release"
DISPATCH = "dispatch"
RESTOCK_GOOD = "restock_good"
RESTOCK_DAMAGED = "restock_damaged"
EVENT_KINDS = (RESERVATION, RELEASE, DISPATCH, RESTOCK_GOOD, RESTOCK_DAMAGED)

CANCELLED = "CANCELLED"
# Item states in which the units have left the seller's shelf.
DISPATCHED_STATES = frozenset(
    {
        "READY_TO_DISPATCH",
        "PICKUP_COMPLETE",
        "SHIPPED",
        "DELIVERED",
        "RETURN_REQUESTED",
        "RETURNED",
        "COMPLETED",
    }
)
# Item states that hold units for the order: APPROVED and every later state but CANCELLED.
RESERVING_STATES = frozenset(
    {"APPROVED", "PACKING_IN_PROGRESS", "PACKED", "FORM_FAILED"} | DISPATCHED_STATES
)
RETURN_COMPLETED = "completed"
# Return reasons whose unit comes back unsellable. Flipkart sends no condition field, so the
# reason is the only signal.
# NOTE: a seller who inspects returns may grade some of these good; the ledger's manual
# adjustment is the way to correct that.
DAMAGED_RETURN_REASONS = frozenset({"DAMAGED_PRODUCT", "DEFECTIVE_PRODUCT"})


@dataclass(frozen=True)
class OrderEvent:
    """One stock movement implied by an order item or a return, in units of the SKU."""

    source_key: str
    sku: str
    location_id: str
    kind: str
    quantity: int
    occurred_at: datetime | None


def order_events(shipments: Iterable[Shipment], returns: Iterable[ReturnItem]) -> list[OrderEvent]:
    """Return the movements that the current state of each order item and return implies.

    An item in APPROVED or a later state gives a reservation, and a dispatched item also a
    dispatch. A cancelled item gives a release, which the ledger applies only after a
    reservation. A completed return gives a good or damaged restock. A missing SKU or location
    is passed on as an empty string, so the ledger rejects the event with a reason.
    """
    events: list[OrderEvent] = []
    for shipment in shipments:
        location_id = shipment.location_id or ""
        for item in shipment.order_items:
            events.extend(_item_events(item, location_id, shipment.updated_at))

    shipment_skus = _skus_by_item(shipments)
    for record in returns:
        event = _return_event(record, shipment_skus)
        if event is not None:
            events.append(event)
    return events


def _item_events(
    item: OrderItem, location_id: str, updated_at: datetime | None
) -> list[OrderEvent]:
    status = item.status or ""
    sku = item.sku or ""

    def event(kind: str, suffix: str, moment: datetime | None) -> OrderEvent:
        key = f"{item.order_item_id}:{suffix}"
        return OrderEvent(key, sku, location_id, kind, item.quantity, moment)

    if status == CANCELLED:
        return [event(RELEASE, "release", item.cancellation_date or updated_at)]
    if status not in RESERVING_STATES:
        return []

    events = [event(RESERVATION, "reserve", item.order_date or updated_at)]
    if status in DISPATCHED_STATES:
        events.append(event(DISPATCH, "dispatch", updated_at))
    return events


def _skus_by_item(shipments: Iterable[Shipment]) -> dict[str, str]:
    # A return names its listing, not its SKU, so the SKU comes from the order item when the
    # same sync carried it.
    return {
        item.order_item_id: item.sku
        for shipment in shipments
        for item in shipment.order_items
        if item.sku
    }


def _return_event(record: ReturnItem, skus: dict[str, str]) -> OrderEvent | None:
    if (record.status or "").lower() != RETURN_COMPLETED:
        return None
    kind = RESTOCK_DAMAGED if is_damaged_return(record.reason) else RESTOCK_GOOD
    sku = skus.get(record.order_item_id or "", "")
    return OrderEvent(
        source_key=f"{record.return_id}:restock",
        sku=sku,
        location_id=record.location_id or "",
        kind=kind,
        quantity=record.quantity,
        occurred_at=record.completion_date or record.updated_date,
    )


def is_damaged_return(reason: str | None) -> bool:
    """Return True when a return's reason is a damaged or defective product."""
    return (reason or "").upper() in DAMAGED_RETURN_REASONS
