"""Writes to the stock ledger inside a caller's transaction: lock a level, add a movement.

Every movement of a SKU at a location runs under a lock on its `stock_levels` row, so checks
such as "is this order item still reserved" or "how many units are on hand before the count"
see no concurrent change. The level itself moves by `UPDATE ... SET on_hand = on_hand + delta`,
which cannot lose an update even without the lock. On SQLite the writing transaction already
holds the database write lock (BEGIN IMMEDIATE), so both backends run the same code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sellerops.db.tenancy import TENANT_KEY
from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import Sku, StockLevel, StockMovement, new_id, utc_now
from sellerops.services.stock_values import MAX_UNITS

# Keys looked up per query, far below the bound-parameter limits of SQLite and PostgreSQL.
LOOKUP_BATCH = 500


@dataclass(frozen=True)
class Movement:
    """A movement to add: unit deltas of on hand, reserved and damaged stock."""

    sku: str
    location_id: str
    kind: str
    source_key: str
    on_hand_delta: int = 0
    reserved_delta: int = 0
    damaged_delta: int = 0
    reason: str | None = None
    occurred_at: datetime | None = None


def known_skus(session: Session, skus: Iterable[str]) -> set[str]:
    """Return which of `skus` are in the SKU master of the session's tenant."""
    wanted = sorted(set(skus))
    found: set[str] = set()
    for start in range(0, len(wanted), LOOKUP_BATCH):
        batch = wanted[start : start + LOOKUP_BATCH]
        found.update(session.scalars(select(Sku.sku).where(Sku.sku.in_(batch))).all())
    return found


def require_sku(session: Session, sku: str) -> None:
    """Raise `NotFoundError` naming `sku` unless it is in the SKU master."""
    if not known_skus(session, [sku]):
        raise NotFoundError(
            f"SKU {sku!r} is not in the SKU master of this tenant; add it with "
            f"`sellerops stock import --skus FILE` first."
        )


def lock_level(session: Session, sku: str, location_id: str) -> StockLevel:
    """Create the level row of `sku` at `location_id` if missing, then lock and return it.

    Callers locking several levels in one transaction lock them in (sku, location_id) order,
    so two transactions never wait for each other's locks.
    """
    values = {
        "tenant_id": _tenant(session),
        "sku": sku,
        "location_id": location_id,
        "on_hand": 0,
        "reserved": 0,
        "damaged": 0,
        "updated_at": utc_now(),
    }
    session.execute(_insert_or_ignore(session, StockLevel).values(**values))

    statement = (
        select(StockLevel)
        .where(StockLevel.sku == sku, StockLevel.location_id == location_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.scalars(statement).one()


def existing_keys(session: Session, keys: Iterable[str]) -> dict[str, StockMovement]:
    """Return the tenant's movements whose source key is one of `keys`, by key."""
    wanted = sorted(set(keys))
    found: dict[str, StockMovement] = {}
    for start in range(0, len(wanted), LOOKUP_BATCH):
        batch = wanted[start : start + LOOKUP_BATCH]
        statement = select(StockMovement).where(StockMovement.source_key.in_(batch))
        for movement in session.scalars(statement).all():
            found[movement.source_key] = movement
    return found


def add_movement(session: Session, movement: Movement, actor_label: str) -> bool:
    """Insert `movement` and move its level; return False when its source key was applied before.

    The caller must hold the level's lock (`lock_level`). Raises `InvalidInputError` when a
    resulting quantity would exceed `MAX_UNITS`, the largest value of the INTEGER columns.
    """
    return movement.source_key in add_movements(session, [movement], actor_label)


def add_movements(session: Session, movements: Sequence[Movement], actor_label: str) -> set[str]:
    """Insert `movements` in order and move their levels; return the source keys inserted.

    A movement whose source key is stored already, or repeats an earlier one of `movements`,
    moves nothing. The caller must hold the lock of every level moved (`lock_level`). Raises
    `InvalidInputError` when a quantity would exceed `MAX_UNITS` after any of the movements.
    """
    unique: dict[str, Movement] = {}
    for movement in movements:
        unique.setdefault(movement.source_key, movement)
    if not unique:
        return set()

    now = utc_now()
    tenant_id = _tenant(session)
    rows = [_movement_row(movement, tenant_id, actor_label, now) for movement in unique.values()]
    # RETURNING shows which inserts were ignored, on both backends, because the ORM's rowcount
    # does not. SQLAlchemy sends the rows in batches of multi-row INSERTs.
    statement = _insert_or_ignore(session, StockMovement).returning(StockMovement.source_key)
    inserted = set(session.scalars(statement, rows).all())

    by_level: dict[tuple[str, str], list[Movement]] = {}
    for key, movement in unique.items():
        if key in inserted:
            by_level.setdefault((movement.sku, movement.location_id), []).append(movement)
    for (sku, location_id), moved in by_level.items():
        # Checked after the insert, so a replayed source key moves nothing whatever the totals.
        # The raise leaves the inserted movements to the caller's transaction, which rolls back.
        _check_totals(session, sku, location_id, moved)
        session.execute(
            update(StockLevel)
            .where(StockLevel.sku == sku, StockLevel.location_id == location_id)
            .values(
                on_hand=StockLevel.on_hand + sum(m.on_hand_delta for m in moved),
                reserved=StockLevel.reserved + sum(m.reserved_delta for m in moved),
                damaged=StockLevel.damaged + sum(m.damaged_delta for m in moved),
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
    return inserted


def _movement_row(
    movement: Movement, tenant_id: str, actor_label: str, now: datetime
) -> dict[str, object]:
    return {
        "id": new_id(),
        "tenant_id": tenant_id,
        "sku": movement.sku,
        "location_id": movement.location_id,
        "kind": movement.kind,
        "on_hand_delta": movement.on_hand_delta,
        "reserved_delta": movement.reserved_delta,
        "damaged_delta": movement.damaged_delta,
        "source_key": movement.source_key,
        "reason": movement.reason,
        "actor_label": actor_label,
        "occurred_at": movement.occurred_at or now,
        "created_at": now,
    }


def _check_totals(session: Session, sku: str, location_id: str, moved: list[Movement]) -> None:
    # PostgreSQL fails the UPDATE with "integer out of range" past 2**31 - 1 while SQLite
    # stores the larger number, so both backends check here and raise the same error.
    level = read_level(session, sku, location_id)
    totals = {"on hand": level.on_hand, "reserved": level.reserved, "damaged": level.damaged}
    for movement in moved:
        totals["on hand"] += movement.on_hand_delta
        totals["reserved"] += movement.reserved_delta
        totals["damaged"] += movement.damaged_delta
        for name, total in totals.items():
            if total > MAX_UNITS:
                raise InvalidInputError(
                    f"SKU {sku!r} at {location_id!r} would have {total} units {name}, over "
                    f"the maximum of {MAX_UNITS}; check the quantity."
                )


def read_level(session: Session, sku: str, location_id: str) -> StockLevel:
    """Return the level row as the database has it now, after `add_movements` changed it."""
    statement = (
        select(StockLevel)
        .where(StockLevel.sku == sku, StockLevel.location_id == location_id)
        .execution_options(populate_existing=True)
    )
    return session.scalars(statement).one()


def _insert_or_ignore(session: Session, model: type) -> object:
    # `INSERT ... ON CONFLICT DO NOTHING` on both backends: a concurrent insert of the same key
    # waits for the other transaction and then inserts nothing, instead of failing.
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(model).on_conflict_do_nothing()


def _tenant(session: Session) -> str:
    # Core inserts bypass the tenant-scoping hooks, so the tenant comes from the session itself.
    tenant_id = session.info.get(TENANT_KEY)
    if not tenant_id:
        raise RuntimeError("Stock ledger writes need a session opened for one tenant.")
    return tenant_id
