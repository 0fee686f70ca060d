"""Stock services: receive, adjust and count stock, read levels, record pushes to Flipkart.

Order events from syncs go through `apply_order_events` (in `stock_events`, exported here).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass

from sqlalchemy import select

from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.errors import InvalidInputError
from sellerops.models import Sku, StockPush
from sellerops.models import StockLevel as LevelRow
from sellerops.security.permissions import Action
from sellerops.security.text_input import check_text
from sellerops.services.accounts import require_account
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.stock_events import ApplyResult, apply_order_events
from sellerops.services.stock_ledger import (
    Movement,
    add_movement,
    lock_level,
    read_level,
    require_sku,
)
from sellerops.services.stock_values import (
    bounded_key,
    check_location,
    check_quantity,
    check_sku,
    new_key,
)

logger = logging.getLogger("sellerops.services")

__all__ = [
    "ApplyResult",
    "PushRecord",
    "StockChange",
    "StockLevel",
    "adjust_stock",
    "apply_order_events",
    "count_stock",
    "receive_stock",
    "record_push",
    "stock_levels",
]

MAX_REFERENCE_LENGTH = 150
MAX_REASON_LENGTH = 500
PUSH_STATUSES = ("ok", "failed")


@dataclass(frozen=True)
class StockLevel:
    """Stock of a SKU at a location; `available` is on hand minus reserved.

    `safety_buffer` is 0 when the SKU master leaves it unset.
    """

    sku: str
    location_id: str
    on_hand: int
    reserved: int
    damaged: int
    available: int
    safety_buffer: int
    low_stock_threshold: int | None

    @property
    def is_low_stock(self) -> bool:
        """Whether available units are at or below the SKU's low-stock threshold, if one is set."""
        return self.low_stock_threshold is not None and self.available <= self.low_stock_threshold

    @property
    def is_out_of_stock(self) -> bool:
        """Whether no unit is available to sell."""
        return self.available <= 0


@dataclass(frozen=True)
class StockChange:
    """The outcome of one receipt, adjustment or count: the movement and the level after it.

    `applied` is False when a receipt's reference was booked before, so nothing moved.
    """

    sku: str
    location_id: str
    kind: str
    on_hand_delta: int
    on_hand: int
    reserved: int
    damaged: int
    applied: bool


def receive_stock(
    actor: Actor, sku: str, location_id: str, quantity: int, reference: str
) -> StockChange:
    """Book `quantity` units received at a location under a goods-receipt `reference`.

    A reference is booked once per SKU and location: receiving it again changes nothing and
    returns `applied=False`, so a retried call cannot double the stock.
    """
    sku, location_id = check_sku(sku), check_location(location_id)
    quantity = check_quantity("quantity", quantity, minimum=1)
    reference = check_text("receipt reference", reference.strip(), MAX_REFERENCE_LENGTH)
    if not reference:
        raise InvalidInputError("The receipt reference is empty; give the GRN or invoice number.")
    authorize(actor, Action.STOCK_RECEIVE, object_type="sku", object_id=sku)

    # One goods receipt often lists several SKUs, so the key names the SKU and location too.
    key = bounded_key("receipt", reference, sku, location_id)
    movement = Movement(sku, location_id, "receipt", key, quantity, reason=f"reference {reference}")
    return _move(actor, Action.STOCK_RECEIVE, sku, location_id, lambda _level: movement)


def adjust_stock(actor: Actor, sku: str, location_id: str, delta: int, reason: str) -> StockChange:
    """Add `delta` units (negative to remove) to on-hand stock, with a required reason.

    Raises `InvalidInputError` when the adjustment would leave fewer than 0 units on hand.
    """
    sku, location_id = check_sku(sku), check_location(location_id)
    delta = check_quantity("delta", delta, minimum=-(2**31 - 1))
    if delta == 0:
        raise InvalidInputError("The adjustment delta is 0; give the units to add or remove.")
    reason = check_text("adjustment reason", reason.strip(), MAX_REASON_LENGTH)
    if not reason:
        raise InvalidInputError("The adjustment reason is empty; say why the stock changes.")
    authorize(actor, Action.STOCK_ADJUST, object_type="sku", object_id=sku)

    def plan(level: LevelRow) -> Movement:
        if level.on_hand + delta < 0:
            raise InvalidInputError(
                f"Adjusting {sku!r} at {location_id!r} by {delta} would leave "
                f"{level.on_hand + delta} units on hand; record a stock count instead."
            )
        return Movement(sku, location_id, "adjustment", new_key("adjustment"), delta, reason=reason)

    return _move(actor, Action.STOCK_ADJUST, sku, location_id, plan)


def count_stock(actor: Actor, sku: str, location_id: str, counted: int) -> StockChange:
    """Set on-hand stock to the `counted` units; the movement is counted minus on hand."""
    sku, location_id = check_sku(sku), check_location(location_id)
    counted = check_quantity("counted", counted, minimum=0)
    authorize(actor, Action.STOCK_COUNT, object_type="sku", object_id=sku)

    def plan(level: LevelRow) -> Movement:
        delta = counted - level.on_hand
        reason = f"counted {counted}"
        return Movement(sku, location_id, "count", new_key("count"), delta, reason=reason)

    return _move(actor, Action.STOCK_COUNT, sku, location_id, plan)


def stock_levels(actor: Actor, sku: str | None = None) -> list[StockLevel]:
    """Return the tenant's stock levels by SKU and location, optionally of one SKU only."""
    authorize(actor, Action.STOCK_VIEW, object_type="stock_level", object_id=sku)

    statement = (
        select(LevelRow, Sku.safety_buffer, Sku.low_stock_threshold)
        .outerjoin(Sku, (Sku.tenant_id == LevelRow.tenant_id) & (Sku.sku == LevelRow.sku))
        .order_by(LevelRow.sku, LevelRow.location_id)
    )
    if sku is not None:
        statement = statement.where(LevelRow.sku == sku)
    with actor.store.read(actor.tenant_id) as session:
        rows = session.execute(statement).all()
    return [level_view(row, buffer, threshold) for row, buffer, threshold in rows]


def level_view(row: LevelRow, safety_buffer: int | None, threshold: int | None) -> StockLevel:
    """Build the view of a level row with its SKU's buffer and low-stock threshold."""
    return StockLevel(
        sku=row.sku,
        location_id=row.location_id,
        on_hand=row.on_hand,
        reserved=row.reserved,
        damaged=row.damaged,
        available=row.on_hand - row.reserved,
        safety_buffer=safety_buffer or 0,
        low_stock_threshold=threshold,
    )


def _move(
    actor: Actor, action: Action, sku: str, location_id: str, plan: Callable[[LevelRow], Movement]
) -> StockChange:
    # The movement is planned from the locked level row, so a concurrent receipt cannot change
    # on-hand stock between a count's read and its write.
    with actor.store.write(actor.tenant_id) as session:
        require_sku(session, sku)
        movement = plan(lock_level(session, sku, location_id))
        applied = add_movement(session, movement, actor.label)
        level = read_level(session, sku, location_id)

        detail = {
            "location_id": location_id,
            "kind": movement.kind,
            "source_key": movement.source_key,
            "on_hand_delta": movement.on_hand_delta,
            "on_hand": level.on_hand,
            "applied": applied,
        }
        record_success(session, actor, action, object_type="sku", object_id=sku, detail=detail)

    logger.info(
        "%s by %s on %s at %s: %+d on hand, now %d (applied: %s)",
        action.value,
        actor.label,
        sku,
        location_id,
        movement.on_hand_delta,
        level.on_hand,
        applied,
    )
    return StockChange(
        sku=sku,
        location_id=location_id,
        kind=movement.kind,
        on_hand_delta=movement.on_hand_delta if applied else 0,
        on_hand=level.on_hand,
        reserved=level.reserved,
        damaged=level.damaged,
        applied=applied,
    )


@dataclass(frozen=True)
class PushRecord:
    """One attempt to set a listing's stock on Flipkart: `status` is `ok` or `failed`.

    `listed_before` is the quantity Flipkart listed before the push, when it was read.
    """

    sku: str
    location_id: str
    pushed_quantity: int
    available: int
    safety_buffer: int
    status: str
    error: str | None = None
    attempt: int = 1
    listed_before: int | None = None


def record_push(actor: Actor, account_id: str, pushes: list[PushRecord]) -> list[str]:
    """Store each push attempt of an account in `stock_pushes` and audit it; return the ids.

    A failed push is audited with result `failed`, so the audit log shows which listings
    still show wrong stock.
    """
    for push in pushes:
        if push.status not in PUSH_STATUSES:
            raise InvalidInputError(
                f"Push status {push.status!r} of {push.sku!r} is invalid; use ok or failed."
            )
    authorize(actor, Action.STOCK_PUSH, object_type="seller_account", object_id=account_id)

    with actor.store.write(actor.tenant_id) as session:
        require_account(session, account_id)
        ids = []
        for push in pushes:
            values = asdict(push)
            listed_before = values.pop("listed_before")
            row = StockPush(tenant_id=actor.tenant_id, account_id=account_id, **values)
            session.add(row)
            session.flush()
            ids.append(row.id)

            detail = {
                "push_id": row.id,
                "account_id": account_id,
                "location_id": push.location_id,
                "quantity": push.pushed_quantity,
                "available": push.available,
                "listed_before": listed_before,
                "attempts": push.attempt,
                "error": push.error,
            }
            result = AuditResult.SUCCEEDED if push.status == "ok" else AuditResult.FAILED
            append_entry(session, _push_audit(actor, push.sku, result, detail))
        return ids


def _push_audit(actor: Actor, sku: str, result: AuditResult, detail: dict) -> AuditRecord:
    return AuditRecord(
        action=Action.STOCK_PUSH.value,
        object_type="sku",
        object_id=sku,
        result=result,
        actor_label=actor.label,
        actor_id=actor.user_id,
        tenant_id=actor.tenant_id,
        detail=detail,
    )
