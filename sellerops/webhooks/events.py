"""The notification types Flipkart sends, and which of them a sync acts on."""

from __future__ import annotations

# Order Management v3: the envelope names the shipment in `shipmentId`.
SHIPMENT_EVENTS = frozenset(
    {
        "shipment_created",
        "shipment_hold",
        "shipment_unhold",
        "shipment_packed",
        "shipment_ready_to_dispatch",
        "shipment_pickup_complete",
        "shipment_shipped",
        "shipment_delivered",
        "shipment_dispatch_dates_changed",
        "shipment_cancelled",
        "shipment_form_failed",
    }
)
# Returns v2: the envelope names the return in `returnId`.
RETURN_EVENTS = frozenset(
    {
        "return_created",
        "return_item_tracking_id_update",
        "return_expected_date_changed",
        "return_picked_up",
        "return_completed",
        "return_cancelled",
    }
)
# Order-item events of the older v2 API, which has no `version` field in its envelope.
LEGACY_ORDER_ITEM_EVENTS = frozenset(
    {
        "order_item_created",
        "order_item_hold",
        "order_item_un_hold",
        "order_item_packed",
        "order_item_ready_to_dispatch",
        "order_item_pickup_complete",
        "order_item_shipped",
        "order_item_delivered",
        "order_item_cancelled",
        "order_item_dispatch_dates_changed",
    }
)
KNOWN_EVENTS = SHIPMENT_EVENTS | RETURN_EVENTS | LEGACY_ORDER_ITEM_EVENTS
# Known events that change no order, state or amount: a new courier estimate or tracking id
# waits for the next scheduled sync instead of starting one.
INFORMATIONAL_EVENTS = frozenset({"return_expected_date_changed", "return_item_tracking_id_update"})
ACTIONABLE_EVENTS = KNOWN_EVENTS - INFORMATIONAL_EVENTS


def is_actionable(event_type: str) -> bool:
    """Return True when the event changes orders, states or amounts, so a sync should follow.

    Informational and unknown types are stored and acknowledged but trigger nothing.
    """
    return event_type in ACTIONABLE_EVENTS
