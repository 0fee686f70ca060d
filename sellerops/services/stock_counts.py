"""Stock counts of many SKUs at once, as a stock CSV upload records them."""

from __future__ import annotations

from dataclasses import dataclass

from sellerops.errors import InvalidInputError
from sellerops.security.permissions import Action
from sellerops.security.text_input import check_optional_text
from sellerops.services.actor import Actor
from sellerops.services.authorization import record_success
from sellerops.services.stock_ledger import Movement, add_movement, known_skus, lock_level
from sellerops.services.stock_values import MAX_UNITS, check_location, check_sku, new_key

MAX_REASON_LENGTH = 500


@dataclass(frozen=True)
class StockCount:
    """A counted quantity of a SKU at a location, from line `line` of an upload."""

    line: int
    sku: str
    location_id: str
    counted: int
    reason: str | None = None


def check_counts(
    actor: Actor, counts: list[StockCount]
) -> tuple[list[StockCount], list[tuple[int, str]]]:
    """Split counts into usable ones and (line, reason) rejections.

    A SKU and location counted on several lines is rejected on every one of them, because
    the upload does not say which count is right.
    """
    usable: list[StockCount] = []
    rejected: list[tuple[int, str]] = []
    for count in counts:
        try:
            usable.append(_checked(count))
        except InvalidInputError as error:
            rejected.append((count.line, str(error)))

    lines: dict[tuple[str, str], list[int]] = {}
    for count in usable:
        lines.setdefault((count.sku, count.location_id), []).append(count.line)
    unique = []
    for count in usable:
        repeated = lines[(count.sku, count.location_id)]
        if len(repeated) > 1:
            where = ", ".join(str(line) for line in repeated)
            reason = (
                f"sku {count.sku!r} at {count.location_id!r} is on lines {where}; "
                f"give one count per SKU and location"
            )
            rejected.append((count.line, reason))
        else:
            unique.append(count)

    with actor.store.read(actor.tenant_id) as session:
        known = known_skus(session, {count.sku for count in unique})
    good = []
    for count in unique:
        if count.sku in known:
            good.append(count)
        else:
            reason = f"sku {count.sku!r} is not in the SKU master; import it with the SKU CSV"
            rejected.append((count.line, reason))
    return good, rejected


def apply_counts(actor: Actor, counts: list[StockCount], rejected: int) -> int:
    """Set on hand to each count under its level's lock, and audit the upload; return the count.

    The caller has checked the counts (`check_counts`) and authorized `stock.upload`.
    """
    ordered = sorted(counts, key=lambda count: (count.sku, count.location_id))
    with actor.store.write(actor.tenant_id) as session:
        # Sorted and unique by place, so each level is locked once and in (sku, location) order.
        for count in ordered:
            level = lock_level(session, count.sku, count.location_id)
            reason = count.reason or f"stock CSV line {count.line}: counted {count.counted}"
            movement = Movement(
                count.sku,
                count.location_id,
                "count",
                new_key("count"),
                count.counted - level.on_hand,
                reason=reason,
            )
            add_movement(session, movement, actor.label)

        detail = {"loaded": len(ordered), "rejected": rejected}
        record_success(
            session,
            actor,
            Action.STOCK_UPLOAD,
            object_type="stock_level",
            object_id=actor.tenant_id,
            detail=detail,
        )
    return len(ordered)


def _checked(count: StockCount) -> StockCount:
    sku, location_id = check_sku(count.sku), check_location(count.location_id)
    if count.counted < 0:
        raise InvalidInputError(
            f"quantity {count.counted} is negative; give the counted units (0 or more)"
        )
    if count.counted > MAX_UNITS:
        raise InvalidInputError(f"quantity {count.counted} is over {MAX_UNITS} units")
    reason = check_optional_text("count reason", count.reason, MAX_REASON_LENGTH)
    return StockCount(count.line, sku, location_id, count.counted, reason)
