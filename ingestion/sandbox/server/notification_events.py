"""Flipkart's push notifications for a changed shipment, and the signature that goes with them.

`notifications` compares what a shipment looked like at the previous notification with what
it looks like now and returns the envelopes Flipkart would send for the difference, in order.
The signature is computed here as Flipkart computes it, independently of the receiver's check
in `sellerops.webhooks.signature`, so a test that sends sandbox notifications to the receiver
checks one against the other.
"""

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

# Shipment statuses that Flipkart announces with a notification of their own.
STATUS_EVENTS = {
    "PACKED": "shipment_packed",
    "READY_TO_DISPATCH": "shipment_ready_to_dispatch",
    "PICKUP_COMPLETE": "shipment_pickup_complete",
    "SHIPPED": "shipment_shipped",
    "DELIVERED": "shipment_delivered",
    "CANCELLED": "shipment_cancelled",
    "FORM_FAILED": "shipment_form_failed",
}
RETURN_STATUS_EVENTS = {
    "completed": ("return_completed", "RETURN_COMPLETED"),
    "cancelled": ("return_cancelled", "RETURN_CANCELLED"),
}
# Fields of the shipment object that the envelope carries outside `attributes`.
ENVELOPE_FIELDS = ("shipmentId", "locationId")
RETURN_CREATED_FIELDS = (
    "returnId",
    "orderItemId",
    "source",
    "action",
    "quantity",
    "orderDate",
    "createdDate",
    "updatedDate",
    "courierName",
    "reason",
    "subReason",
    "trackingId",
    "shipmentId",
    "comments",
    "completionDate",
    "replacementOrderItemId",
    "productId",
    "listingId",
    "expectedDate",
)


@dataclass(frozen=True)
class ShipmentState:
    """The state of one shipment as its notifications so far have announced it."""

    status: str
    hold: bool
    dispatch_by: str
    dispatch_after: str
    returns: tuple[tuple[str, str, str], ...]  # (return id, status, expected date)

    def return_states(self) -> dict[str, tuple[str, str]]:
        return {return_id: (status, expected) for return_id, status, expected in self.returns}


def shipment_state(change: dict) -> ShipmentState:
    """Return the announced state of one entry of `Marketplace.shipment_changes`."""
    shipment = change["shipment"]
    return ShipmentState(
        status=_status(shipment),
        hold=bool(shipment["hold"]),
        dispatch_by=shipment["dispatchByDate"],
        dispatch_after=shipment["dispatchAfterDate"],
        returns=tuple(
            (record["returnId"], record["status"], record["expectedDate"])
            for record in change["returns"]
        ),
    )


def notifications(before: ShipmentState | None, change: dict) -> list[dict]:
    """Return the envelopes for the difference between `before` and the shipment now.

    `before` None means the shipment is new: `shipment_created` comes first, followed by the
    events of whatever happened to it since.
    """
    shipment = change["shipment"]
    after = shipment_state(change)
    envelopes = []

    if before is None:
        attributes = {key: value for key, value in shipment.items() if key not in ENVELOPE_FIELDS}
        envelopes.append(_shipment_envelope("shipment_created", shipment, attributes))
        before = ShipmentState("APPROVED", after.hold, after.dispatch_by, after.dispatch_after, ())

    if after.hold != before.hold:
        envelopes.append(_hold_envelope(shipment, after))
    if (after.dispatch_by, after.dispatch_after) != (before.dispatch_by, before.dispatch_after):
        attributes = {
            "dispatchAfterDate": after.dispatch_after,
            "dispatchByDate": after.dispatch_by,
        }
        envelopes.append(
            _shipment_envelope("shipment_dispatch_dates_changed", shipment, attributes)
        )
    if after.status != before.status and after.status in STATUS_EVENTS:
        envelopes.append(_status_envelope(shipment, after.status))

    previous_returns = before.return_states()
    for record in change["returns"]:
        envelopes.extend(_return_envelopes(previous_returns.get(record["returnId"]), record))
    return envelopes


def authorization_header(
    app_id: str, app_secret: str, url: str, method: str, sent_at: datetime
) -> str:
    """Return `FKLOGIN base64(<app id>:<hex SHA-1 of epoch seconds + URL + method + secret>)`."""
    message = f"{int(sent_at.timestamp())}{url}{method.upper()}{app_secret}"
    digest = hashlib.sha1(message.encode("utf-8"), usedforsecurity=False).hexdigest()
    return "FKLOGIN " + base64.b64encode(f"{app_id}:{digest}".encode()).decode("ascii")


def x_date(sent_at: datetime) -> str:
    """Return the X_Date header: an RFC 1123 date in GMT."""
    return format_datetime(sent_at.astimezone(UTC), usegmt=True)


def _status(shipment: dict) -> str:
    items = shipment["orderItems"]
    return items[0]["status"] if items else "APPROVED"


def _shipment_envelope(event_type: str, shipment: dict, attributes: dict) -> dict:
    return {
        "eventType": event_type,
        "source": "flipkart",
        "version": "v3",
        "timestamp": shipment["updatedAt"],
        "locationId": shipment["locationId"],
        "shipmentId": shipment["shipmentId"],
        "attributes": attributes,
    }


def _hold_envelope(shipment: dict, after: ShipmentState) -> dict:
    if after.hold:
        items = [
            {"orderItemId": item["orderItemId"], "holdQuantity": item["quantity"]}
            for item in shipment["orderItems"]
        ]
        return _shipment_envelope("shipment_hold", shipment, {"orderItems": items})
    return _shipment_envelope("shipment_unhold", shipment, {"status": after.status})


def _status_envelope(shipment: dict, status: str) -> dict:
    attributes: dict = {"status": status}
    if status == "CANCELLED":
        attributes["orderItems"] = [
            {
                "orderItemId": item["orderItemId"],
                "quantity": item["quantity"],
                "reason": item["cancellationReason"],
                "subReason": item["cancellationSubReason"],
            }
            for item in shipment["orderItems"]
        ]
    if status == "FORM_FAILED":
        attributes["forms"] = list(shipment.get("forms") or [])
    return _shipment_envelope(STATUS_EVENTS[status], shipment, attributes)


def _return_envelopes(previous: tuple[str, str] | None, record: dict) -> list[dict]:
    if previous is None:
        created = {key: record.get(key) for key in RETURN_CREATED_FIELDS}
        envelopes = [
            _return_envelope(record, "return_created", "RETURN_CREATED", [created]),
        ]
        previous = ("created", record["expectedDate"])
    else:
        envelopes = []

    status, expected = previous
    if record["expectedDate"] != expected:
        item = {"orderItemId": record["orderItemId"], "expectedDate": record["expectedDate"]}
        envelopes.append(_return_envelope(record, "return_expected_date_changed", None, [item]))
    if record["status"] != status and record["status"] in RETURN_STATUS_EVENTS:
        event_type, wire_status = RETURN_STATUS_EVENTS[record["status"]]
        item = {"orderItemId": record["orderItemId"]}
        envelopes.append(_return_envelope(record, event_type, wire_status, [item]))
    return envelopes


def _return_envelope(record: dict, event_type: str, status: str | None, items: list[dict]) -> dict:
    attributes: dict = {"returnItems": items}
    if status is not None:
        attributes = {"status": status, **attributes}
    return {
        "eventType": event_type,
        "source": "flipkart",
        "timestamp": record["updatedDate"],
        "locationId": record["locationId"],
        "attributes": attributes,
        "returnId": record["returnId"],
    }
