"""Flipkart's sandbox self-serve endpoints: test orders, hold, manual state moves, returns.

Each function raises ValueError with a clear message when the move is not allowed.
"""

from typing import TYPE_CHECKING

from .calendar import dispatch_by
from .geography import draw_city, draw_pincode, zone_between
from .lifecycle import apply_event, close_returns, open_returns
from .records import Fate, Item, Order, Shipment
from .risk import return_probability, rto_probability
from .world import SellerWorld

if TYPE_CHECKING:
    from .marketplace import Marketplace

SHIPMENT_TYPES = ("NORMAL", "EXPRESS")
RETURN_TYPES = {
    "courier": "courier_return",
    "customer": "customer_return",
    "courier_return": "courier_return",
    "customer_return": "customer_return",
}
RETURN_EVENTS = ("return_picked_up", "return_completed", "return_cancelled")
# Self-serve event -> (state the shipment must be in, lifecycle event to play).
ADVANCE_EVENTS = {
    "pick_up_complete": ("READY_TO_DISPATCH", "pickup"),
    "shipped": ("PICKUP_COMPLETE", "ship"),
    "delivered": ("SHIPPED", "deliver"),
}


def create_test_order(world: SellerWorld, body, now: float) -> Order:
    """Build an order of the listed items at one location, never beyond listed stock."""
    if not isinstance(body, dict):
        raise ValueError("the test order body must be a JSON object")
    location_id = body.get("locationId")
    if location_id not in world.account.location_ids:
        raise ValueError(f"locationId {location_id!r} is not one of the seller's locations")
    shipment_type = body.get("shipmentType", "NORMAL")
    if shipment_type not in SHIPMENT_TYPES:
        raise ValueError(f"shipmentType {shipment_type!r} must be NORMAL or EXPRESS")
    lines = body.get("orderItems")
    if not isinstance(lines, list) or not lines:
        raise ValueError("orderItems must be a non-empty list of {listingId, quantity}")

    requested_lines: list[tuple] = []
    for position, line in enumerate(lines):
        listing_id = line.get("listingId") if isinstance(line, dict) else None
        product = world.product_by_listing.get(listing_id)
        if product is None:
            raise ValueError(
                f"orderItems[{position}].listingId {listing_id!r} is not listed by this seller"
            )
        quantity = line.get("quantity", 1)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise ValueError(
                f"orderItems[{position}].quantity {quantity!r} must be a whole number >= 1"
            )
        if not product.sellable_at(location_id, quantity):
            raise ValueError(
                f"listing {listing_id} has {product.stock.get(location_id, 0)} units at "
                f"{location_id} (status {product.listing_status}). Update inventory first"
            )
        requested_lines.append((product, quantity))

    rng = world.action_rng
    city = draw_city(rng)
    zone = zone_between(world.location_city(location_id), city)
    payment_type = "COD" if rng.random() < 0.55 else "PREPAID"
    order_id, item_ids = world.ids.order_ids(len(requested_lines))
    order = Order(
        order_id=order_id,
        seller_index=world.index,
        order_date=now,
        payment_type=payment_type,
        city=city,
        pincode=draw_pincode(rng, city),
        zone=zone,
        buyer_seed=f"{world.account.seller_id}:{order_id}",
    )

    tier = "EXPRESS" if shipment_type == "EXPRESS" else "REGULAR"
    value = sum(product.selling_price * quantity for product, quantity in requested_lines)
    items = []
    for (product, quantity), item_id in zip(requested_lines, item_ids, strict=True):
        rto = rto_probability(
            payment_type=payment_type,
            city=city,
            product=product,
            order_value=value,
            zone=zone,
            hour=0,
            tier=tier,
        )
        items.append(
            Item(
                order_item_id=item_id,
                product=product,
                quantity=quantity,
                unit_price=product.selling_price,
                shipping_charge=0,
                flipkart_discount=0,
                rto_probability=rto,
                return_probability=return_probability(product, product.selling_price, payment_type),
            )
        )
        product.stock[location_id] -= quantity

    vendor, tracking_id = world.ids.courier()
    sla = max(product.dispatch_sla for product, _ in requested_lines)
    shipment = Shipment(
        shipment_id=world.ids.shipment_id(),
        order=order,
        items=items,
        location_id=location_id,
        dispatch_after=now,
        dispatch_by=dispatch_by(now, sla, tier == "EXPRESS"),
        tier=tier,
        zone=zone,
        fate=Fate(),
        tracking_id=tracking_id,
        vendor_name=vendor,
        updated_at=now,
        is_test=True,
    )
    order.shipments.append(shipment)
    world.orders[order_id] = order
    return order


def _shipment_of(market: "Marketplace", world: SellerWorld, order_item_id) -> Shipment:
    entry = world.items.get(order_item_id)
    if entry is not None:
        return entry[0]
    if market.owner_of_item(order_item_id) is not None:
        raise ValueError(f"order item {order_item_id!r} belongs to another seller")
    raise ValueError(f"order item {order_item_id!r} not found")


def set_hold(
    market: "Marketplace", world: SellerWorld, order_item_id, hold: bool, now: float
) -> str:
    """Put a shipment on hold or release it. A manual hold stays until a manual release."""
    shipment = _shipment_of(market, world, order_item_id)
    if shipment.status == "CANCELLED":
        raise ValueError(f"order item {order_item_id} is CANCELLED and cannot be held")
    if shipment.hold == hold:
        raise ValueError(f"order item {order_item_id} is already {'on' if hold else 'off'} hold")
    shipment.hold = hold
    shipment.pending = [entry for entry in shipment.pending if entry[1] != "unhold"]
    shipment.updated_at = now
    market.schedule(world, shipment)
    state = "on hold" if hold else "released from hold"
    return f"Order item {order_item_id} is {state}"


def advance_item(
    market: "Marketplace", world: SellerWorld, order_item_id, event: str, now: float
) -> str:
    """Play pick_up_complete, shipped or delivered now. Later planned steps keep their times."""
    if event not in ADVANCE_EVENTS:
        raise ValueError(f"event {event!r} must be one of {', '.join(ADVANCE_EVENTS)}")
    shipment = _shipment_of(market, world, order_item_id)
    required, lifecycle_event = ADVANCE_EVENTS[event]
    if shipment.status != required:
        raise ValueError(
            f"order item {order_item_id} is {shipment.status}, but {event} needs {required}"
        )
    if shipment.pending and shipment.pending[0][1] == lifecycle_event:
        shipment.pending.pop(0)
    else:
        shipment.pending.clear()  # the tester overrides the planned outcome
    apply_event(world, shipment, lifecycle_event, now)
    market.schedule(world, shipment)
    return f"Order item {order_item_id} is {shipment.status}"


def create_return(
    market: "Marketplace", world: SellerWorld, order_item_id, return_type: str, now: float
) -> str:
    """Open a courier return (after pickup, before delivery) or a customer return (delivered)."""
    source = RETURN_TYPES.get(return_type)
    if source is None:
        raise ValueError(f"returnType {return_type!r} must be courier or customer")
    shipment = _shipment_of(market, world, order_item_id)
    if source == "courier_return" and shipment.status not in ("PICKUP_COMPLETE", "SHIPPED"):
        raise ValueError(
            f"order item {order_item_id} is {shipment.status}, but a courier return "
            "needs PICKUP_COMPLETE or SHIPPED"
        )
    if source == "customer_return" and shipment.status != "DELIVERED":
        raise ValueError(
            f"order item {order_item_id} is {shipment.status}, "
            "but a customer return needs DELIVERED"
        )
    fate = shipment.fate
    if not fate.return_reason[0]:
        if source == "courier_return":
            fate.return_reason = ("UNDELIVERED", "CUSTOMER_REJECTED")
        else:
            fate.return_reason = shipment.items[0].product.category.return_reasons[0]
    shipment.pending.clear()
    open_returns(world, shipment, source, now)
    shipment.updated_at = now
    market.schedule(world, shipment)
    return f"Return {shipment.returns[-1].return_id} created for order item {order_item_id}"


def return_event(
    market: "Marketplace", world: SellerWorld, order_item_id, event_type: str, now: float
) -> str:
    """Pick up, complete or cancel the open return of an order item."""
    if event_type not in RETURN_EVENTS:
        raise ValueError(f"eventType {event_type!r} must be one of {', '.join(RETURN_EVENTS)}")
    shipment = _shipment_of(market, world, order_item_id)
    open_records = [record for record in shipment.returns if record.status == "created"]
    if not open_records:
        raise ValueError(f"order item {order_item_id} has no open return")
    shipment.pending.clear()
    if event_type == "return_picked_up":
        for record in open_records:
            record.shipment_status = "picked_up"
            record.updated_at = now
    else:
        close_returns(world, shipment, event_type == "return_completed", now)
    shipment.updated_at = now
    market.schedule(world, shipment)
    return f"Return of order item {order_item_id}: {event_type}"
