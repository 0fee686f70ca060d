"""Handover counts: shipments ready to dispatch per courier, with the next pickup window."""

import hashlib

from .calendar import pickup_slot
from .config import iso
from .lifecycle import HOUR
from .world import SellerWorld

PICKUP_WINDOW_HOURS = 2


def _one_time_code(seller_id: str, vendor: str, slot: float) -> str:
    """Return a stable six-digit one-time code for a courier pickup."""
    digest = hashlib.sha256(f"{seller_id}:{vendor}:{slot:.0f}".encode()).hexdigest()
    return f"{int(digest[:8], 16) % 1000000:06d}"


def handover_counts(world: SellerWorld, location_id: str, now: float) -> list[dict]:
    """Count READY_TO_DISPATCH shipments at a location per courier, with the next pickup slot."""
    if location_id not in world.account.location_ids:
        raise ValueError(f"location {location_id!r} is not one of the seller's locations")
    counts: dict[str, int] = {}
    for shipment_id in world.by_state.get("READY_TO_DISPATCH", ()):
        shipment = world.shipments[shipment_id]
        if shipment.location_id == location_id:
            counts[shipment.vendor_name] = counts.get(shipment.vendor_name, 0) + 1

    slot = pickup_slot(now)
    return [
        {
            "vendorGroupCode": vendor,
            "count": count,
            "pickUpDate": {"after": iso(slot), "before": iso(slot + PICKUP_WINDOW_HOURS * HOUR)},
            "otc": {
                "code": _one_time_code(world.account.seller_id, vendor, slot),
                "error_code": None,
            },
            "isMps": False,
        }
        for vendor, count in sorted(counts.items())
    ]
