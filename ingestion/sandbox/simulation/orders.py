"""Placing one order: buyer city, items, payment, location, prices, ids and the drawn fate."""

import random

from .calendar import dispatch_by
from .catalogue import Product
from .demand import ist_hour
from .geography import STATES, City, draw_city, draw_pincode, zone_between
from .records import Fate, Item, Order, Shipment
from .risk import return_probability, rto_probability
from .world import SellerWorld

BASE_COD_SHARE = 0.55
_REGION_COD_SHIFT = {
    "north": 0.06,
    "east": 0.10,
    "central": 0.06,
    "northeast": 0.10,
    "west": -0.04,
    "south": -0.10,
}
_TRANSIT_HOURS = {"local": (18.0, 40.0), "zonal": (36.0, 90.0), "national": (60.0, 160.0)}
CHEAP_ITEM_LIMIT = 500  # items below this unit price carry the listing's shipping fee
SHIPPING_FEES = {"local": 30, "zonal": 40, "national": 50}

RTO_REASONS = (
    ("UNDELIVERED", "CUSTOMER_REJECTED"),
    ("UNDELIVERED", "CUSTOMER_NOT_AVAILABLE"),
    ("UNDELIVERED", "INCORRECT_ADDRESS"),
    ("UNDELIVERED", "COD_AMOUNT_NOT_READY"),
)
BUYER_CANCEL_SUB_REASONS = ("purchased_mistake", "order_delayed", "found_cheaper", "changed_mind")
MARKETPLACE_CANCEL_SUB_REASONS = ("address_not_serviceable", "suspected_fraud")
SELLER_CANCEL_SUB_REASONS = ("not_enough_inventory", "cannot_procure_item")


def _item_count(rng: random.Random) -> int:
    point = rng.random()
    if point < 0.92:
        return 1
    return 2 if point < 0.99 else 3


def _quantity(rng: random.Random) -> int:
    point = rng.random()
    if point < 0.92:
        return 1
    return 2 if point < 0.98 else 3


def _cod_share(city: City, value: float) -> float:
    share = BASE_COD_SHARE + _REGION_COD_SHIFT[STATES[city.state_code].region]
    if value < 300:
        share += 0.05
    elif value > 2000:
        share -= 0.12
    return min(max(share, 0.1), 0.9)


def _pick_location(
    world: SellerWorld, city: City, rng: random.Random, candidates: list[str]
) -> str:
    """Choose the fulfilling location: in the buyer's city or state, else mostly the first."""
    for location_id in candidates:
        if world.location_city(location_id).name == city.name:
            return location_id
    for location_id in candidates:
        if world.location_city(location_id).state_code == city.state_code:
            return location_id
    if len(candidates) > 1 and rng.random() < 0.35:
        return candidates[1]
    return candidates[0]


def _draw_products(world: SellerWorld, first: Product, picker, rng: random.Random) -> list[Product]:
    products = [first]
    for _ in range(_item_count(rng) - 1):
        extra = picker.pick(rng)
        if extra not in products:
            products.append(extra)
    return products


def place_order(
    world: SellerWorld,
    moment: float,
    first: Product,
    picker,
    rng: random.Random,
    *,
    check_stock: bool,
    express_share: float = 0.10,
) -> Order | None:
    """Create an order with its shipments at moment, or None when no location can fill it.

    With check_stock the order uses only listed stock and consumes it. History orders skip that.
    """
    city = draw_city(rng)
    pincode = draw_pincode(rng, city)
    products = _draw_products(world, first, picker, rng)
    quantities = [_quantity(rng) for _ in products]

    lines: list[tuple[Product, int, str]] = []
    for product, quantity in zip(products, quantities, strict=True):
        if check_stock:
            candidates = [
                location_id
                for location_id in world.account.location_ids
                if product.sellable_at(location_id, quantity)
            ]
        else:
            candidates = list(world.account.location_ids)
        if not candidates:
            continue
        lines.append((product, quantity, _pick_location(world, city, rng, candidates)))
    if not lines:
        world.lost_orders += 1
        return None

    value = sum(product.selling_price * quantity for product, quantity, _ in lines)
    payment_type = "COD" if rng.random() < _cod_share(city, value) else "PREPAID"
    order_id, item_ids = world.ids.order_ids(len(lines))
    first_zone = zone_between(world.location_city(lines[0][2]), city)
    order = Order(
        order_id=order_id,
        seller_index=world.index,
        order_date=moment,
        payment_type=payment_type,
        city=city,
        pincode=pincode,
        zone=first_zone,
        buyer_seed=f"{world.account.seller_id}:{order_id}",
    )

    groups = _group_lines(lines, item_ids, rng)
    for location_id, group in groups:
        shipment = _build_shipment(world, order, location_id, group, rng, express_share)
        order.shipments.append(shipment)
        if check_stock:
            for item in shipment.items:
                item.product.stock[location_id] -= item.quantity

    world.orders[order_id] = order
    return order


def _group_lines(lines, item_ids, rng: random.Random):
    """Group order lines into shipments: one per location, and sometimes one per item."""
    split_everything = len(lines) > 1 and rng.random() < 0.35
    groups: dict[str, list] = {}
    result = []
    for (product, quantity, location_id), item_id in zip(lines, item_ids, strict=True):
        if split_everything:
            result.append((location_id, [(product, quantity, item_id)]))
        else:
            groups.setdefault(location_id, []).append((product, quantity, item_id))
    result.extend(groups.items())
    return result


def _build_shipment(
    world: SellerWorld,
    order: Order,
    location_id: str,
    group: list[tuple[Product, int, str]],
    rng: random.Random,
    express_share: float,
) -> Shipment:
    zone = zone_between(world.location_city(location_id), order.city)
    express = zone != "national" and rng.random() < express_share
    tier = "EXPRESS" if express else "REGULAR"
    hour = ist_hour(order.order_date)

    value = sum(product.selling_price * quantity for product, quantity, _ in group)
    main_product = max(group, key=lambda line: line[0].selling_price)[0]
    rto = rto_probability(
        payment_type=order.payment_type,
        city=order.city,
        product=main_product,
        order_value=value,
        zone=zone,
        hour=hour,
        tier=tier,
    )

    items = []
    for product, quantity, item_id in group:
        unit_price = product.selling_price
        shipping = SHIPPING_FEES[zone] if unit_price < CHEAP_ITEM_LIMIT else 0
        discount = 0
        if rng.random() < 0.12:
            discount = round(unit_price * quantity * rng.uniform(0.05, 0.15))
        items.append(
            Item(
                order_item_id=item_id,
                product=product,
                quantity=quantity,
                unit_price=unit_price,
                shipping_charge=shipping,
                flipkart_discount=discount,
                rto_probability=rto,
                return_probability=return_probability(product, unit_price, order.payment_type),
            )
        )

    vendor, tracking_id = world.ids.courier()
    sla = max(product.dispatch_sla for product, _, _ in group)
    shipment = Shipment(
        shipment_id=world.ids.shipment_id(),
        order=order,
        items=items,
        location_id=location_id,
        dispatch_after=order.order_date,
        dispatch_by=dispatch_by(order.order_date, sla, express),
        tier=tier,
        zone=zone,
        fate=_draw_fate(world, order, items, zone, express, rng, vendor),
        tracking_id=tracking_id,
        vendor_name=vendor,
        updated_at=order.order_date,
    )
    return shipment


def _draw_fate(world, order, items, zone, express, rng: random.Random, vendor: str) -> Fate:
    fate = Fate()

    cancel_point = rng.random()
    buyer_share = 0.045 if order.payment_type == "COD" else 0.03
    if cancel_point < buyer_share:
        fate.cancel_type = "buyerCancellation"
        fate.cancel_after_hours = rng.expovariate(1 / 6.0)
        fate.cancel_reason = "cancellation_requested"
        fate.cancel_sub_reason = rng.choice(BUYER_CANCEL_SUB_REASONS)
    elif cancel_point < buyer_share + 0.008:
        fate.cancel_type = "marketplaceCancellation"
        fate.cancel_after_hours = rng.uniform(0.2, 4.0)
        fate.cancel_reason = "marketplace_cancellation"
        fate.cancel_sub_reason = rng.choice(MARKETPLACE_CANCEL_SUB_REASONS)
    elif cancel_point < buyer_share + 0.013:
        fate.cancel_type = "sellerCancellation"
        fate.cancel_after_hours = rng.uniform(1.0, 12.0)
        fate.cancel_reason = "seller_cancellation"
        fate.cancel_sub_reason = rng.choice(SELLER_CANCEL_SUB_REASONS)

    if rng.random() < 0.015:
        fate.hold_hours = rng.uniform(1.0, 8.0)

    low, high = _TRANSIT_HOURS[zone]
    fate.transit_hours = rng.uniform(low, high) * (0.6 if express else 1.0)
    fate.ship_after_pickup_hours = rng.uniform(2.0, 8.0)

    main = items[0]
    if rng.random() < main.rto_probability:
        fate.outcome = "rto"
        fate.rto_attempt_hours = rng.uniform(24.0, 96.0)
        fate.return_transit_hours = fate.transit_hours * rng.uniform(1.0, 1.5) + 24.0
        fate.return_cancelled = rng.random() < 0.03
        fate.return_reason = rng.choice(RTO_REASONS)
    elif rng.random() < main.return_probability:
        fate.outcome = "customer_return"
        fate.return_after_hours = rng.uniform(24.0, 216.0)
        fate.return_transit_hours = fate.transit_hours + rng.uniform(48.0, 120.0)
        fate.return_cancelled = rng.random() < 0.10
        fate.return_reason = rng.choice(main.product.category.return_reasons)
    if fate.outcome != "delivered":
        fate.return_id = world.ids.return_id()
        fate.return_tracking_id = world.ids.tracking_id(vendor, reverse=True)
    return fate
