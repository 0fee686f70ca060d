"""Order history before the start instant, with price changes so demand responds to price."""

import random

from .catalogue import Product, round_price
from .config import whole_millis
from .demand import DAY, HOUR, HOUR_SHARES, SkuPicker, day_factor, poisson
from .lifecycle import apply_event, plan_history
from .orders import place_order
from .world import SellerWorld

PRICE_CHANGE_DAYS = (10, 35)  # days between a SKU's historical price changes
PRICE_SWING = (0.85, 1.15)  # historical prices range around the base price


def price_schedule(
    rng: random.Random, product: Product, first: float, start: float
) -> list[tuple[float, int]]:
    """Draw a SKU's listed prices before start as (from epoch, price) steps."""
    steps = [(first, round_price(product.base_price * rng.uniform(*PRICE_SWING)))]
    moment = first
    while True:
        moment += rng.uniform(*PRICE_CHANGE_DAYS) * DAY
        if moment >= start:
            break
        steps.append((moment, round_price(product.base_price * rng.uniform(*PRICE_SWING))))
    return steps


def build_history(
    world: SellerWorld,
    start: float,
    days: int,
    daily_volume: float,
    late_weekday: int | None = None,
) -> None:
    """Place every order of the history window and progress it to its state at start.

    `late_weekday` is SimConfig.late_weekday: that IST weekday's orders are readied late.
    """
    rng = world.history_rng
    first_day = start - days * DAY
    schedules = {p.sku: price_schedule(rng, p, first_day, start) for p in world.products}
    world.price_history = schedules
    cursor = {sku: 0 for sku in schedules}

    day_start = first_day
    while day_start < start:
        for product in world.products:
            steps = schedules[product.sku]
            while (
                cursor[product.sku] + 1 < len(steps)
                and steps[cursor[product.sku] + 1][0] <= day_start
            ):
                cursor[product.sku] += 1
            product.selling_price = steps[cursor[product.sku]][1]
        picker = SkuPicker(world.products, [p.selling_price for p in world.products])
        day_mean = daily_volume * day_factor(day_start, start) * picker.demand_ratio

        for hour in range(24):
            bucket = day_start + hour * HOUR
            if bucket >= start or not picker.products:
                break
            count = poisson(rng, day_mean * HOUR_SHARES[hour])
            moments = sorted(whole_millis(bucket + rng.random() * HOUR) for _ in range(count))
            for moment in moments:
                if moment >= start:
                    continue
                order = place_order(world, moment, picker.pick(rng), picker, rng, check_stock=False)
                if order is not None:
                    for shipment in order.shipments:
                        _progress(world, shipment, start, rng, late_weekday)
        day_start += DAY

    for product in world.products:
        product.selling_price = schedules[product.sku][-1][1]


def _progress(
    world: SellerWorld,
    shipment,
    start: float,
    rng: random.Random,
    late_weekday: int | None,
) -> None:
    """Register a history shipment, apply its events up to start and keep the rest pending."""
    world.add_shipment(shipment)
    shipment.hold = shipment.fate.hold_hours > 0
    events = plan_history(world, shipment, start, rng, late_weekday)
    for position, (moment, event) in enumerate(events):
        if moment > start:
            shipment.pending = events[position:]
            return
        apply_event(world, shipment, event, moment)
