"""Shipment lifecycle: planned event timelines and the state change each event makes."""

import random
from datetime import datetime

from .calendar import add_working_hours, next_open, pickup_slot
from .config import IST, whole_millis
from .physical import dispatch_units, release_units, restock_return
from .records import PRE_DISPATCH_STATES, Return, Shipment
from .world import SellerWorld

HOUR = 3600.0
MONDAY = 0
BACKLOG_DAY_SHARE = 0.04  # days on which the seller falls a whole day behind
# Flipkart cancels orders the seller leaves undispatched this long after dispatch-by.
# NOTE: the real grace period is not published; 72 hours is a sandbox assumption.
SLA_CANCEL_HOURS = 72.0
AWAITING_SELLER = ("APPROVED", "PACKING_IN_PROGRESS", "PACKED", "FORM_FAILED")


def _backlog_day(world: SellerWorld, moment: float) -> bool:
    day = datetime.fromtimestamp(moment, IST).toordinal()
    return random.Random(f"{world.account.seller_id}:backlog:{day}").random() < BACKLOG_DAY_SHARE


def plan_seller_handling(
    world: SellerWorld,
    shipment: Shipment,
    rng: random.Random,
    late_weekday: int | None = None,
) -> tuple[float, float]:
    """Return when the simulated seller requests labels and marks ready to dispatch.

    Delays depend on warehouse hours, weekday (Monday backlog), the SKU, the location and tier,
    so a dispatch-delay model has real patterns to find. Orders placed on `late_weekday` (IST)
    start packing at their dispatch-by, so they become ready to dispatch after it. The option
    draws no random numbers of its own, and when it is None the plan is unchanged.
    """
    location = world.location_number(shipment.location_id)
    ready = shipment.order_date + shipment.fate.hold_hours * HOUR
    start = next_open(ready, location)
    if _backlog_day(world, start):
        start = next_open(start + 24 * HOUR, location)
    if _placed_on(shipment, late_weekday):
        start = max(start, next_open(shipment.dispatch_by, location))

    hours = rng.expovariate(1 / 1.4)
    if any(item.product.slow_to_pack for item in shipment.items):
        hours *= 2.5
    if location > 0:
        hours *= 1.6
    if datetime.fromtimestamp(start, IST).weekday() == MONDAY:
        hours *= 1.8
    if shipment.tier == "EXPRESS":
        hours *= 0.5

    labels_at = add_working_hours(start, hours, location)
    rtd_at = add_working_hours(labels_at, rng.uniform(0.3, 1.5), location)
    return labels_at, rtd_at


def _placed_on(shipment: Shipment, weekday: int | None) -> bool:
    if weekday is None:
        return False
    return datetime.fromtimestamp(shipment.order_date, IST).weekday() == weekday


def plan_history(
    world: SellerWorld,
    shipment: Shipment,
    start: float,
    rng: random.Random,
    late_weekday: int | None = None,
) -> list[tuple[float, str]]:
    """Plan a pre-start order as if the seller had acted up to start.

    Seller steps after start are left to the API user, unless the autopilot is on
    (`world.autopilot_rng` set), which then plans them at the same times.
    """
    fate = shipment.fate
    events: list[tuple[float, str]] = []
    if fate.hold_hours:
        events.append((shipment.order_date + fate.hold_hours * HOUR, "unhold"))

    labels_at, rtd_at = plan_seller_handling(world, shipment, rng, late_weekday)
    cancel_at = None
    if fate.cancel_type:
        cancel_at = shipment.order_date + max(fate.cancel_after_hours, fate.hold_hours) * HOUR
        if cancel_at >= rtd_at and fate.cancel_type != "sellerCancellation":
            cancel_at = None  # the buyer was too late: the order had left the seller already
            fate.cancel_type = None
        elif fate.cancel_type == "sellerCancellation" and cancel_at > start:
            cancel_at = None  # seller cancellations after start are the API user's to make
            fate.cancel_type = None

    if cancel_at is not None:
        events.append((cancel_at, "cancel"))
        return _in_millis(events)

    if labels_at <= start:
        events.append((labels_at, "pack_start"))
        events.append((labels_at + rng.uniform(5.0, 40.0), "packed"))
    elif world.autopilot_rng is not None:
        events.append((labels_at, "pack_start"))
        events.append((labels_at + world.autopilot_rng.uniform(5.0, 40.0), "packed"))
    if rtd_at <= start or world.autopilot_rng is not None:
        events.append((rtd_at, "rtd"))
        events.extend(plan_after_dispatch(shipment, rtd_at))
    if rtd_at > start:
        events.append((shipment.dispatch_by + SLA_CANCEL_HOURS * HOUR, "sla_cancel"))
    return _in_millis(events)


def plan_autopilot(
    world: SellerWorld, shipment: Shipment, late_weekday: int | None
) -> list[tuple[float, str]]:
    """Plan the autopilot seller's steps for an order placed after start, and what follows.

    The times come from `plan_seller_handling`, as for history orders. The plan contains no
    cancellations, so callers merge it with `plan_live`, and a shipment cancelled first skips
    the remaining steps.
    """
    rng = world.autopilot_rng
    if rng is None:
        raise ValueError(
            f"seller {world.account.seller_id} has no autopilot; set SimConfig.autopilot=True"
        )
    labels_at, rtd_at = plan_seller_handling(world, shipment, rng, late_weekday)
    events = [
        (labels_at, "pack_start"),
        (labels_at + rng.uniform(5.0, 40.0), "packed"),
        (rtd_at, "rtd"),
        *plan_after_dispatch(shipment, rtd_at),
    ]
    return _in_millis(events)


def plan_live(shipment: Shipment) -> list[tuple[float, str]]:
    """Plan the marketplace events of an order placed after start: hold and cancellations only.

    Test orders from the self-serve endpoint are never cancelled for a missed dispatch-by, so a
    tester can drive them at any pace.
    """
    fate = shipment.fate
    events: list[tuple[float, str]] = []
    if fate.hold_hours:
        events.append((shipment.order_date + fate.hold_hours * HOUR, "unhold"))
    if fate.cancel_type in ("buyerCancellation", "marketplaceCancellation"):
        delay = max(fate.cancel_after_hours, fate.hold_hours)
        events.append((shipment.order_date + delay * HOUR, "cancel"))
    if not shipment.is_test:
        events.append((shipment.dispatch_by + SLA_CANCEL_HOURS * HOUR, "sla_cancel"))
    return _in_millis(events)


def plan_after_dispatch(shipment: Shipment, rtd_at: float) -> list[tuple[float, str]]:
    """Plan pickup, shipping and the drawn outcome after the shipment is ready to dispatch."""
    fate = shipment.fate
    pickup_at = pickup_slot(rtd_at) + (hash_fraction(shipment.shipment_id) * 3.0) * HOUR
    shipped_at = pickup_at + fate.ship_after_pickup_hours * HOUR
    events = [(pickup_at, "pickup"), (shipped_at, "ship")]

    if fate.outcome == "rto":
        rto_at = shipped_at + fate.rto_attempt_hours * HOUR
        events.append((rto_at, "rto"))
        closing = "return_cancel" if fate.return_cancelled else "return_complete"
        events.append((rto_at + fate.return_transit_hours * HOUR, closing))
        return _in_millis(events)

    delivered_at = shipped_at + fate.transit_hours * HOUR
    events.append((delivered_at, "deliver"))
    if fate.outcome == "customer_return":
        created_at = delivered_at + fate.return_after_hours * HOUR
        events.append((created_at, "return_create"))
        closing = "return_cancel" if fate.return_cancelled else "return_complete"
        events.append((created_at + fate.return_transit_hours * HOUR, closing))
    return _in_millis(events)


def _in_millis(events: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """Sort planned events and round their times to the milliseconds the wire shows."""
    return sorted((whole_millis(moment), event) for moment, event in events)


def hash_fraction(text: str) -> float:
    """Return a stable fraction in [0, 1) derived from text (no random stream consumed)."""
    return int(text.replace("-", "")[:8], 16) / 0x100000000


def apply_event(world: SellerWorld, shipment: Shipment, event: str, moment: float) -> bool:
    """Apply one lifecycle event at moment, returning False when the shipment's state forbids it."""
    status = shipment.status
    if event == "unhold":
        if not shipment.hold:
            return False
        shipment.hold = False
    elif event == "cancel":
        if status not in PRE_DISPATCH_STATES:
            return False
        fate = shipment.fate
        _cancel(
            world, shipment, moment, fate.cancel_type, fate.cancel_reason, fate.cancel_sub_reason
        )
    elif event == "sla_cancel":
        if status not in AWAITING_SELLER:
            return False
        _cancel(
            world,
            shipment,
            moment,
            "marketplaceCancellation",
            "marketplace_cancellation",
            "seller_sla_breach",
        )
    elif event == "pack_start":
        if status != "APPROVED":
            return False
        shipment.labels_requested_at = moment
        world.set_status(shipment, "PACKING_IN_PROGRESS")
    elif event == "packed":
        if status != "PACKING_IN_PROGRESS":
            return False
        mark_packed(world, shipment, moment)
    elif event == "rtd":
        if status != "PACKED":
            return False
        shipment.rtd_at = moment
        world.set_status(shipment, "READY_TO_DISPATCH")
        dispatch_units(shipment)
    elif event == "pickup":
        if status != "READY_TO_DISPATCH":
            return False
        shipment.pickup_at = moment
        world.set_status(shipment, "PICKUP_COMPLETE")
    elif event == "ship":
        if status != "PICKUP_COMPLETE":
            return False
        shipment.shipped_at = moment
        world.set_status(shipment, "SHIPPED")
    elif event == "deliver":
        if status != "SHIPPED":
            return False
        shipment.delivered_at = moment
        world.set_status(shipment, "DELIVERED")
    elif event == "rto":
        if status not in ("SHIPPED", "PICKUP_COMPLETE"):
            return False
        open_returns(world, shipment, "courier_return", moment)
    elif event == "return_create":
        if status != "DELIVERED":
            return False
        open_returns(world, shipment, "customer_return", moment)
    elif event in ("return_complete", "return_cancel"):
        if status != "RETURN_REQUESTED":
            return False
        close_returns(world, shipment, event == "return_complete", moment)
    else:
        raise ValueError(f"unknown lifecycle event {event!r}")

    shipment.updated_at = moment
    return True


def mark_packed(world: SellerWorld, shipment: Shipment, moment: float) -> None:
    """Finish packing: assign the invoice number and move to PACKED."""
    shipment.packed_at = moment
    if shipment.invoice_number is None:
        day = datetime.fromtimestamp(moment, IST)
        shipment.invoice_number = world.next_invoice_number(day.year, day.month)
    if shipment.invoice_date is None:
        shipment.invoice_date = moment
    for item in shipment.items:
        shipment.tax_rates.setdefault(
            item.order_item_id, float(item.product.gst_rate(item.unit_price))
        )
    world.set_status(shipment, "PACKED")


def _cancel(
    world: SellerWorld,
    shipment: Shipment,
    moment: float,
    cancel_type: str | None,
    reason: str | None,
    sub_reason: str | None,
) -> None:
    shipment.cancelled_at = moment
    shipment.cancel_type = cancel_type
    shipment.cancel_reason = reason
    shipment.cancel_sub_reason = sub_reason
    shipment.pending.clear()
    world.set_status(shipment, "CANCELLED")
    release_stock(shipment)


def release_stock(shipment: Shipment) -> None:
    """Put a cancelled live shipment's units back on the listing and free them on the shelf.

    History orders never took stock, and a seller cancellation marks the listing out of stock
    at that location instead, as Flipkart does.
    """
    if not shipment.live:
        return
    release_units(shipment)
    for item in shipment.items:
        stock = item.product.stock
        if shipment.cancel_type == "sellerCancellation":
            stock[shipment.location_id] = 0
        else:
            stock[shipment.location_id] = stock.get(shipment.location_id, 0) + item.quantity


def open_returns(world: SellerWorld, shipment: Shipment, source: str, moment: float) -> None:
    """Create one return per item of the shipment and move it to RETURN_REQUESTED."""
    fate = shipment.fate
    base_id = fate.return_id or world.ids.return_id()
    tracking_id = fate.return_tracking_id or world.ids.tracking_id(shipment.vendor_name, True)
    reason, sub_reason = fate.return_reason if fate.return_reason[0] else ("", "")
    for number, item in enumerate(shipment.items):
        record = Return(
            return_id=base_id[:-1] + str(number),
            source=source,
            shipment=shipment,
            item=item,
            created_at=moment,
            updated_at=moment,
            reason=reason,
            sub_reason=sub_reason,
            tracking_id=tracking_id if number == 0 else f"{tracking_id}-{number}",
            courier_name="flipkartlogistics"
            if shipment.vendor_name.startswith("Ekart")
            else shipment.vendor_name.lower(),
            expected_at=whole_millis(moment + fate.return_transit_hours * HOUR),
            shipment_status="start",
        )
        world.add_return(record)
    world.set_status(shipment, "RETURN_REQUESTED")


def close_returns(world: SellerWorld, shipment: Shipment, completed: bool, moment: float) -> None:
    """Complete or cancel the shipment's open returns."""
    for record in shipment.returns:
        if record.status != "created":
            continue
        record.status = "completed" if completed else "cancelled"
        record.updated_at = moment
        record.shipment_status = "delivered" if completed else "cancelled"
        if completed:
            record.completed_at = moment
            restock_return(record)
    if completed:
        world.set_status(shipment, "RETURNED")
    else:
        shipment.delivered_at = shipment.delivered_at or moment
        world.set_status(shipment, "DELIVERED")
