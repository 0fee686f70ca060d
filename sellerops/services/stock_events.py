"""Apply order events from syncs to the stock ledger, each source key once.

An order item moves stock through its reservation (`<item>:reserve`), then either a release
(`<item>:release`) or a dispatch (`<item>:dispatch`). A release or dispatch closes the
reservation, and a closed reservation is never reopened, so events may arrive in any order
across syncs without leaving phantom reserved units.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import groupby

from sqlalchemy.orm import Session

from sellerops.inventory.events import (
    DISPATCH,
    EVENT_KINDS,
    RELEASE,
    RESERVATION,
    RESTOCK_DAMAGED,
    RESTOCK_GOOD,
    OrderEvent,
)
from sellerops.models.stock import LOCATION_LENGTH, SKU_LENGTH, SOURCE_KEY_LENGTH
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.stock_ledger import (
    Movement,
    add_movements,
    existing_keys,
    known_skus,
    lock_level,
)
from sellerops.services.stock_values import MAX_UNITS

logger = logging.getLogger("sellerops.services")

# Order within one item: its reservation is applied before the release or dispatch that closes it.
STAGE = {RESERVATION: 0, RELEASE: 1, DISPATCH: 2, RESTOCK_GOOD: 3, RESTOCK_DAMAGED: 3}
ITEM_KINDS = {RESERVATION: "reserve", RELEASE: "release", DISPATCH: "dispatch"}
# Rejected events logged one by one; the rest are only counted in the log.
LOGGED_REJECTIONS = 5


@dataclass(frozen=True)
class ApplyResult:
    """The outcome of one call for its events.

    `skipped_unreserved` counts releases without an open reservation (such as an item
    cancelled before approval) and reservations of items already released or dispatched.
    """

    applied: int
    skipped_duplicates: int
    rejected: list[tuple[OrderEvent, str]] = field(default_factory=list)
    skipped_unreserved: int = 0


@dataclass
class OrderEventPlan:
    """The movements that a list of order events adds, and the counts of those it leaves out."""

    movements: list[Movement] = field(default_factory=list)
    rejected: list[tuple[OrderEvent, str]] = field(default_factory=list)
    duplicates: int = 0
    unreserved: int = 0


def apply_order_events(actor: Actor, events: list[OrderEvent]) -> ApplyResult:
    """Move stock for every event not applied before; replaying the same events changes nothing.

    An event with an unknown SKU, an empty location or a quantity below 1 is rejected with a
    reason. A dispatch whose reservation was never recorded reduces on-hand stock only.
    """
    authorize(actor, Action.SYNC_RUN, object_type="stock_ledger", object_id=actor.tenant_id)

    with actor.store.write(actor.tenant_id) as session:
        plan = plan_order_events(session, events)
        # The levels are locked, so no other transaction can store these keys meanwhile. A key
        # found stored all the same counts as a duplicate.
        applied = len(add_movements(session, plan.movements, actor.label))
        duplicates = plan.duplicates + len(plan.movements) - applied
        rejected, unreserved = plan.rejected, plan.unreserved

        detail = {
            "events": len(events),
            "applied": applied,
            "skipped_duplicates": duplicates,
            "skipped_unreserved": unreserved,
            "rejected": len(rejected),
        }
        record_success(
            session,
            actor,
            Action.SYNC_RUN,
            object_type="stock_ledger",
            object_id=actor.tenant_id,
            detail=detail,
        )

    _log(actor, detail, rejected)
    return ApplyResult(applied, duplicates, rejected, unreserved)


def plan_order_events(session: Session, events: list[OrderEvent]) -> OrderEventPlan:
    """Lock the levels that `events` move and return the movements not stored yet, in order.

    Runs inside the caller's write transaction, which then adds the movements.
    """
    plan = OrderEventPlan()
    plan.rejected = [(event, reason) for event in events if (reason := _invalid(event))]
    bad = {id(event) for event, _reason in plan.rejected}
    valid = sorted((event for event in events if id(event) not in bad), key=_order)

    known = known_skus(session, {event.sku for event in valid})
    for event in valid:
        if event.sku not in known:
            reason = (
                f"SKU {event.sku!r} is not in the SKU master; add it, then run "
                f"`sellerops pipeline run --tenant SLUG --replay-stock` to apply this event"
            )
            plan.rejected.append((event, reason))
    valid = [event for event in valid if event.sku in known]

    # Locks every level first, in sorted order, and only then reads the item's movements.
    for place, _group in groupby(valid, key=lambda event: (event.sku, event.location_id)):
        lock_level(session, *place)
    stored = existing_keys(session, _related_keys(valid))
    ledger = _ItemLedger({key: row.reserved_delta for key, row in stored.items()})

    for event in valid:
        if ledger.has(event.source_key):
            plan.duplicates += 1
            continue
        movement = ledger.plan(event)
        if movement is None:
            plan.unreserved += 1
            continue
        ledger.record(movement)
        plan.movements.append(movement)
    return plan


class _ItemLedger:
    """The movements of the events' items: stored ones plus those this call added."""

    def __init__(self, reserved_by_key: dict[str, int]) -> None:
        self._reserved = reserved_by_key

    def has(self, key: str) -> bool:
        return key in self._reserved

    def record(self, movement: Movement) -> None:
        self._reserved[movement.source_key] = movement.reserved_delta

    def plan(self, event: OrderEvent) -> Movement | None:
        """Return the movement for `event`, or None when its reservation state rules it out."""
        place = (event.sku, event.location_id, event.kind, event.source_key)
        item = _item(event)
        closed = self.has(f"{item}:release") or self.has(f"{item}:dispatch")
        reserved = self._reserved.get(f"{item}:reserve", 0) if not closed else 0

        if event.kind == RESERVATION:
            if closed:
                return None
            return Movement(*place, reserved_delta=event.quantity, occurred_at=event.occurred_at)
        if event.kind == RELEASE:
            if reserved == 0:
                return None
            return Movement(*place, reserved_delta=-reserved, occurred_at=event.occurred_at)
        if event.kind == DISPATCH:
            return Movement(
                *place,
                on_hand_delta=-event.quantity,
                reserved_delta=-reserved,
                occurred_at=event.occurred_at,
            )
        if event.kind == RESTOCK_GOOD:
            return Movement(*place, on_hand_delta=event.quantity, occurred_at=event.occurred_at)
        return Movement(*place, damaged_delta=event.quantity, occurred_at=event.occurred_at)


def _invalid(event: OrderEvent) -> str | None:
    """Return why `event` cannot move stock, or None when its fields are usable."""
    if event.kind not in EVENT_KINDS:
        return f"kind {event.kind!r} is not an order event; use one of {', '.join(EVENT_KINDS)}"
    if not event.sku:
        return "the order item has no SKU"
    if len(event.sku) > SKU_LENGTH:
        return f"SKU has {len(event.sku)} characters; the SKU master allows {SKU_LENGTH}"
    if not event.location_id:
        return "the shipment or return has no location id"
    if len(event.location_id) > LOCATION_LENGTH:
        return f"location id has {len(event.location_id)} characters; at most {LOCATION_LENGTH}"
    if not event.source_key or len(event.source_key) > SOURCE_KEY_LENGTH:
        return f"source key must have 1 to {SOURCE_KEY_LENGTH} characters"
    if not 1 <= event.quantity <= MAX_UNITS:
        return f"quantity {event.quantity} is not a positive number of units"
    return None


def _item(event: OrderEvent) -> str:
    # `<order_item_id>:reserve` and its siblings share the part before the last colon.
    if event.kind in ITEM_KINDS:
        return event.source_key.rsplit(":", 1)[0]
    return event.source_key


def _related_keys(events: list[OrderEvent]) -> set[str]:
    keys = {event.source_key for event in events}
    for event in events:
        if event.kind in ITEM_KINDS:
            item = _item(event)
            keys.update(f"{item}:{suffix}" for suffix in ITEM_KINDS.values())
    return keys


def _order(event: OrderEvent) -> tuple[str, str, str, int]:
    return (event.sku, event.location_id, _item(event), STAGE.get(event.kind, 9))


def _log(actor: Actor, detail: dict[str, int], rejected: list[tuple[OrderEvent, str]]) -> None:
    logger.info("Order events applied by %s: %s", actor.label, detail)
    for event, reason in rejected[:LOGGED_REJECTIONS]:
        logger.warning("Order event %s rejected: %s", event.source_key, reason)
    if len(rejected) > LOGGED_REJECTIONS:
        logger.warning("%d more order events rejected", len(rejected) - LOGGED_REJECTIONS)
