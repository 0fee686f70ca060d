"""The seller's physical stock per SKU and location, kept apart from the listed inventory.

Flipkart accepts an order when the listing shows enough units. Whether the seller can fill
it depends on the shelf: units on hand minus units already committed to open orders. An
order accepted beyond that is oversold, which the ground truth counts.
"""

from .records import Return, Shipment
from .world import SellerWorld

# Return reasons after which the unit comes back unsellable.
DAMAGED_RETURN_REASONS = frozenset({"DAMAGED_PRODUCT", "DEFECTIVE_PRODUCT"})


def commit_units(world: SellerWorld, shipment: Shipment) -> None:
    """Commit a new live shipment's units to its order and count the order if it is oversold."""
    location_id = shipment.location_id
    oversold = False
    for item in shipment.items:
        product = item.product
        free = product.physical.get(location_id, 0) - product.committed.get(location_id, 0)
        if free < item.quantity:
            oversold = True
        product.committed[location_id] = product.committed.get(location_id, 0) + item.quantity

    order_id = shipment.order.order_id
    if oversold and order_id not in world.oversold_order_ids:
        world.oversold_order_ids.add(order_id)
        world.oversold_orders += 1


def release_units(shipment: Shipment) -> None:
    """Free the committed units of a live shipment cancelled before dispatch."""
    if not shipment.live:
        return
    for item in shipment.items:
        committed = item.product.committed
        committed[shipment.location_id] = committed.get(shipment.location_id, 0) - item.quantity


def dispatch_units(shipment: Shipment) -> None:
    """Take a live shipment's units off the shelf as it is marked ready to dispatch."""
    if not shipment.live:
        return
    location_id = shipment.location_id
    for item in shipment.items:
        product = item.product
        product.committed[location_id] = product.committed.get(location_id, 0) - item.quantity
        product.physical[location_id] = product.physical.get(location_id, 0) - item.quantity


def restock_return(record: Return) -> None:
    """Put a completed return of a live shipment back on the shelf unless it came back damaged."""
    shipment = record.shipment
    if not shipment.live or record.reason in DAMAGED_RETURN_REASONS:
        return
    physical = record.item.product.physical
    physical[shipment.location_id] = physical.get(shipment.location_id, 0) + record.item.quantity
