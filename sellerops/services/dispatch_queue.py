"""The dispatch queue of a seller account, read live from Flipkart: what waits for a label, for
ready to dispatch and for the courier's pickup, with the time left before each dispatch-by date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ingestion.client import FlipkartClient, Shipment, ShipmentFilter
from ingestion.client.records.handover import HandoverCount
from ingestion.client.retry import INTERACTIVE_POLICY
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize
from sellerops.services.clients import build_client

IST = ZoneInfo("Asia/Kolkata")

# Queue stages in the order a shipment moves through them, with the Flipkart states of each.
PENDING_LABELS = "pending_labels"
PENDING_READY = "pending_ready_to_dispatch"
HANDOVER = "handover"
STAGE_STATES: dict[str, tuple[str, ...]] = {
    PENDING_LABELS: ("APPROVED", "PACKING_IN_PROGRESS", "FORM_FAILED"),
    PENDING_READY: ("PACKED",),
    HANDOVER: ("READY_TO_DISPATCH",),
}
# Shipments within this many hours of their dispatch-by date are at risk of an SLA breach. The
# Dispatch queue and the Overview page's "SLA at risk" count both use it.
# NOTE: one value for every tenant; it is not a tenant setting yet.
AT_RISK_HOURS = 24


@dataclass(frozen=True)
class QueuedShipment:
    """One pre-dispatch shipment as the Dispatch page lists it; times are aware (UTC)."""

    shipment_id: str
    order_id: str
    state: str
    stage: str
    location_id: str
    skus: str
    units: int
    dispatch_by: datetime | None
    dispatch_after: datetime | None
    hours_left: float | None
    on_hold: bool

    @property
    def sla_status(self) -> str:
        """Return `breached` past dispatch-by, `at_risk` within `AT_RISK_HOURS`, else `on_time`."""
        if self.hours_left is None:
            return "unknown"
        if self.hours_left < 0:
            return "breached"
        if self.hours_left <= AT_RISK_HOURS:
            return "at_risk"
        return "on_time"


@dataclass(frozen=True)
class DispatchQueue:
    """The account's pre-dispatch shipments by stage, and courier pickups per location."""

    account_id: str
    as_of: datetime
    shipments: tuple[QueuedShipment, ...]
    handover: tuple[tuple[str, HandoverCount], ...]

    def stage(self, name: str) -> list[QueuedShipment]:
        """Return the shipments of one stage, earliest dispatch-by date first."""
        return [shipment for shipment in self.shipments if shipment.stage == name]


def dispatch_queue(actor: Actor, account_id: str) -> DispatchQueue:
    """Read every pre-dispatch shipment of the account and the handover counts of its locations.

    Hours left are measured on Flipkart's clock (its `Date` header), so a skewed local clock
    does not move the SLA countdown. The dashboard waits for this read, so it retries under
    `INTERACTIVE_POLICY` and raises `RetryBudgetExhausted` within seconds when Flipkart is
    unreachable.
    """
    authorize(actor, Action.DISPATCH_VIEW, object_type="seller_account", object_id=account_id)
    client: FlipkartClient
    with build_client(actor, account_id, retry_policy=INTERACTIVE_POLICY) as client:
        states = tuple(state for stage in STAGE_STATES.values() for state in stage)
        criteria = ShipmentFilter(type="preDispatch", states=states)
        shipments = list(client.shipments.filter(criteria))
        as_of = client.server_clock.now()
        locations = sorted({shipment.location_id for shipment in shipments if shipment.location_id})
        handover = tuple(
            (location_id, count)
            for location_id in locations
            for count in client.shipments.handover_counts(location_id)
        )

    queued = [queued_shipment(shipment, as_of) for shipment in shipments]
    queued.sort(key=lambda item: (item.dispatch_by is None, item.dispatch_by, item.shipment_id))
    return DispatchQueue(account_id, as_of, tuple(queued), handover)


def queued_shipment(shipment: Shipment, as_of: datetime) -> QueuedShipment:
    """Summarize a shipment for the queue: its stage, SKUs, units and hours to dispatch-by."""
    states = sorted({item.status or "UNKNOWN" for item in shipment.order_items})
    state = states[0] if len(states) == 1 else "/".join(states)
    stage = next(
        (name for name, members in STAGE_STATES.items() if set(states) <= set(members)),
        PENDING_LABELS,
    )
    hours_left = None
    if shipment.dispatch_by_date is not None:
        hours_left = (shipment.dispatch_by_date - as_of).total_seconds() / 3600
    order_ids = sorted({item.order_id for item in shipment.order_items if item.order_id})
    return QueuedShipment(
        shipment_id=shipment.shipment_id,
        order_id=", ".join(order_ids),
        state=state,
        stage=stage,
        location_id=shipment.location_id or "",
        skus=", ".join(sorted({item.sku or "?" for item in shipment.order_items})),
        units=sum(item.quantity for item in shipment.order_items),
        dispatch_by=shipment.dispatch_by_date,
        dispatch_after=shipment.dispatch_after_date,
        hours_left=hours_left,
        on_hold=bool(shipment.hold),
    )
