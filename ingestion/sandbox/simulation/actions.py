"""Seller actions on shipments: generate labels (pack), mark ready to dispatch, cancel.

Each function validates one request item and returns the per-item result Flipkart sends back.
"""

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from .config import IST
from .lifecycle import plan_after_dispatch, release_stock
from .physical import dispatch_units
from .records import Shipment
from .world import SellerWorld

if TYPE_CHECKING:
    from .marketplace import Marketplace

SELLER_CANCEL_REASONS = ("cannot_procure_item", "not_enough_inventory", "b2b_order")
INVOICE_NUMBER = re.compile(r"^[A-Za-z0-9/-]{1,16}$")
_ALREADY_DISPATCHED = frozenset(
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


def result(shipment_id, error_code: str | None = None, message: str | None = None) -> dict:
    """Build the per-item result: SUCCESS without an error code, FAILURE with one."""
    return {
        "shipmentId": shipment_id,
        "status": "FAILURE" if error_code else "SUCCESS",
        "errorCode": error_code,
        "errorMessage": message,
    }


def find_owned(
    market: "Marketplace", world: SellerWorld, shipment_id
) -> tuple[Shipment | None, dict | None]:
    """Look a shipment up for an action and return it, or else the failure result to send."""
    if not isinstance(shipment_id, str) or not shipment_id:
        return None, result(
            shipment_id, "INVALID_SHIPMENTS", "shipmentId is missing or not a string"
        )
    shipment = world.shipments.get(shipment_id)
    if shipment is not None:
        return shipment, None
    if market.owner_of_shipment(shipment_id) is not None:
        return None, result(
            shipment_id,
            "OPERATION_NOT_ALLOWED",
            f"shipment {shipment_id} belongs to another seller",
        )
    return None, result(shipment_id, "INVALID_SHIPMENTS", f"shipment {shipment_id} not found")


def _actionable(shipment: Shipment, location_id, now: float) -> dict | None:
    """Check location, hold and dispatchAfterDate, which every action requires."""
    if location_id is not None and location_id != shipment.location_id:
        return result(
            shipment.shipment_id,
            "INVALID_LOCATION_ID",
            f"shipment {shipment.shipment_id} is at location {shipment.location_id}, "
            f"not {location_id}",
        )
    if shipment.hold:
        return result(
            shipment.shipment_id,
            "SHIPMENT_ON_HOLD",
            f"shipment {shipment.shipment_id} is on hold. Retry after it is released",
        )
    if now < shipment.dispatch_after:
        return result(
            shipment.shipment_id,
            "DISPATCH_AFTER_DATE_NOT_REACHED",
            f"shipment {shipment.shipment_id} cannot be processed before its dispatchAfterDate",
        )
    return None


def _number(value) -> float | None:
    """Return a number or numeric string as float (clients send both), anything else as None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _tax_rates(shipment: Shipment, tax_items) -> tuple[dict[str, float] | None, dict | None]:
    sid = shipment.shipment_id
    if not isinstance(tax_items, list) or not tax_items:
        return None, result(sid, "INVALID_REQUEST_TAX", "taxItems must list every order item")
    by_id = {item.order_item_id: item for item in shipment.items}
    rates: dict[str, float] = {}
    for entry in tax_items:
        if not isinstance(entry, dict) or entry.get("orderItemId") not in by_id:
            item_id = entry.get("orderItemId") if isinstance(entry, dict) else entry
            return None, result(
                sid,
                "INVALID_REQUEST_ITEM_ID",
                f"order item {item_id!r} is not part of shipment {sid}",
            )
        rate = _number(entry.get("taxRate"))
        if rate is None or not 0 <= rate <= 100:
            return None, result(
                sid,
                "INVALID_REQUEST_TAX",
                f"taxRate {entry.get('taxRate')!r} of order item {entry['orderItemId']} "
                "must be a number from 0 to 100",
            )
        quantity = _number(entry.get("quantity", by_id[entry["orderItemId"]].quantity))
        if quantity != by_id[entry["orderItemId"]].quantity:
            return None, result(
                sid,
                "QUANTITY_MISMATCH_ERROR",
                f"quantity {entry.get('quantity')!r} of order item {entry['orderItemId']} "
                f"differs from the ordered {by_id[entry['orderItemId']].quantity}",
            )
        rates[entry["orderItemId"]] = rate
    missing = sorted(set(by_id) - set(rates))
    if missing:
        return None, result(
            sid, "INVALID_REQUEST_TAX", f"taxItems lack order items {', '.join(missing)}"
        )
    return rates, None


def _invoice(shipment: Shipment, invoices, now: float) -> tuple[tuple | None, dict | None]:
    """Read the seller's invoice number and date for the shipment's order, when given."""
    sid = shipment.shipment_id
    if invoices is None:
        return (None, None), None
    if not isinstance(invoices, list):
        return None, result(sid, "INVALID_REQUEST_JSON", "invoices must be a list")
    for entry in invoices:
        if not isinstance(entry, dict) or entry.get("orderId") != shipment.order.order_id:
            continue
        number = entry.get("invoiceNumber")
        if number in (None, "", "0"):
            number = None
        elif not isinstance(number, str) or not INVOICE_NUMBER.match(number):
            return None, result(
                sid,
                "INVALID_INVOICE_NUMBER",
                f"invoiceNumber {number!r} must be 1-16 letters, digits, '-' or '/'",
            )
        raw_date = entry.get("invoiceDate")
        try:
            invoice_day = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            return None, result(
                sid,
                "INVALID_REQUEST_DATE_FORMAT",
                f"invoiceDate {raw_date!r} must be a date in YYYY-MM-DD form",
            )
        order_day = datetime.fromtimestamp(shipment.order_date, IST).date()
        today = datetime.fromtimestamp(now, IST).date()
        if not order_day <= invoice_day <= today:
            return None, result(
                sid,
                "INVALID_INVOICE_DATE",
                f"invoiceDate {invoice_day} must be between the order date {order_day} and today "
                f"{today}",
            )
        moment = datetime(invoice_day.year, invoice_day.month, invoice_day.day, 12, tzinfo=IST)
        return (number, moment.timestamp()), None
    return (None, None), None


def _dimensions(shipment: Shipment, sub_shipments) -> tuple[dict | None, dict | None]:
    if not sub_shipments:
        return None, None
    if not isinstance(sub_shipments, list) or not isinstance(sub_shipments[0], dict):
        return None, result(
            shipment.shipment_id, "INVALID_REQUEST_JSON", "subShipments must be a list of objects"
        )
    dimensions = sub_shipments[0].get("dimensions")
    if dimensions is None:
        return None, None
    values = {}
    for key in ("length", "breadth", "height", "weight"):
        value = _number(dimensions.get(key)) if isinstance(dimensions, dict) else None
        if value is None or value <= 0:
            return None, result(
                shipment.shipment_id,
                "INVALID_DIMENSIONS",
                f"subShipments[0].dimensions.{key} must be a positive number",
            )
        values[key] = value
    return values, None


def pack(market: "Marketplace", world: SellerWorld, request, now: float) -> dict:
    """Start label generation for one shipment: APPROVED -> PACKING_IN_PROGRESS."""
    if not isinstance(request, dict):
        return result(None, "INVALID_REQUEST_JSON", "each shipments[] entry must be an object")
    shipment, failure = find_owned(market, world, request.get("shipmentId"))
    if failure:
        return failure
    sid = shipment.shipment_id
    failure = _actionable(shipment, request.get("locationId"), now)
    if failure:
        return failure
    if shipment.status != "APPROVED":
        code = (
            "ORDER_ITEM_PACKING_IN_PROGRESS"
            if shipment.status == "PACKING_IN_PROGRESS"
            else "INVALID_ITEM_STATE"
        )
        return result(sid, code, f"shipment {sid} is {shipment.status}, but labels need APPROVED")

    rates, failure = _tax_rates(shipment, request.get("taxItems"))
    if failure:
        return failure
    invoice, failure = _invoice(shipment, request.get("invoices"), now)
    if failure:
        return failure
    dimensions, failure = _dimensions(shipment, request.get("subShipments"))
    if failure:
        return failure

    shipment.tax_rates = rates
    shipment.invoice_number, shipment.invoice_date = invoice
    if dimensions:
        shipment.dimensions = dimensions
    shipment.labels_requested_at = now
    shipment.updated_at = now
    world.set_status(shipment, "PACKING_IN_PROGRESS")
    market.queue_packing(world, shipment)
    return result(sid)


def dispatch(
    market: "Marketplace", world: SellerWorld, shipment_id, location_id, now: float
) -> dict:
    """Mark one shipment ready to dispatch: PACKED -> READY_TO_DISPATCH."""
    shipment, failure = find_owned(market, world, shipment_id)
    if failure:
        return failure
    sid = shipment.shipment_id
    if not location_id:
        return result(sid, "INVALID_LOCATION_ID", "locationId is required")
    failure = _actionable(shipment, location_id, now)
    if failure:
        return failure
    status = shipment.status
    if status != "PACKED":
        if status == "PACKING_IN_PROGRESS":
            code = "ORDER_ITEM_PACKING_IN_PROGRESS"
        elif status == "CANCELLED":
            code = "ORDER_ITEM_ALREADY_CANCELLED"
        elif status in _ALREADY_DISPATCHED:
            code = "ORDER_ITEM_ALREADY_DISPATCHED"
        else:
            code = "ORDER_ITEM_NOT_PACKED"
        return result(sid, code, f"shipment {sid} is {status}, but ready to dispatch needs PACKED")

    shipment.rtd_at = now
    shipment.updated_at = now
    world.set_status(shipment, "READY_TO_DISPATCH")
    dispatch_units(shipment)
    shipment.pending = plan_after_dispatch(shipment, now)
    market.schedule(world, shipment)
    return result(sid)


def cancel(market: "Marketplace", world: SellerWorld, request, now: float) -> dict:
    """Cancel one shipment as the seller, which needs a valid reason and a state before PACKED."""
    if not isinstance(request, dict):
        return result(None, "INVALID_REQUEST_JSON", "each shipments[] entry must be an object")
    shipment, failure = find_owned(market, world, request.get("shipmentId"))
    if failure:
        return failure
    sid = shipment.shipment_id
    reason = request.get("reason")
    if reason not in SELLER_CANCEL_REASONS:
        return result(
            sid,
            "EMPTY_OR_INVALID_REASON_FOR_CANCELLATION",
            f"reason {reason!r} is invalid. Expected one of {', '.join(SELLER_CANCEL_REASONS)}",
        )
    failure = _actionable(shipment, request.get("locationId"), now)
    if failure:
        return failure
    groups = request.get("cancellationGroupIds")
    own_groups = {"grp" + item.order_item_id for item in shipment.items}
    if groups is not None:
        if not isinstance(groups, list) or not set(groups) <= own_groups:
            return result(
                sid,
                "INVALID_CANCELLATION_GROUP_ID",
                f"cancellationGroupIds {groups!r} do not belong to shipment {sid}",
            )
        # NOTE: partial cancellation (a subset of the groups) is not simulated.
        if set(groups) != own_groups:
            return result(
                sid,
                "PARTIAL_CANCELLATION_NOT_SUPPORTED",
                "the sandbox cancels whole shipments only, so list every cancellationGroupId",
            )
    if shipment.status not in ("APPROVED", "PACKING_IN_PROGRESS", "FORM_FAILED"):
        return result(
            sid,
            "INVALID_ITEM_STATE",
            f"shipment {sid} is {shipment.status}, but sellers can cancel only before PACKED",
        )

    shipment.cancelled_at = now
    shipment.updated_at = now
    shipment.cancel_type = "sellerCancellation"
    shipment.cancel_reason = "seller_cancellation"
    shipment.cancel_sub_reason = reason
    shipment.pending.clear()
    world.set_status(shipment, "CANCELLED")
    release_stock(shipment)
    return result(sid)
