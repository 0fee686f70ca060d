"""Sync cursors of seller accounts: read, advance after a committed batch, reset."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import delete, select

from sellerops.errors import InvalidInputError
from sellerops.models import SyncCursor
from sellerops.security.permissions import Action
from sellerops.security.text_input import check_text
from sellerops.services.account_profile import lock_account
from sellerops.services.accounts import require_account
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success

logger = logging.getLogger("sellerops.services")

STREAMS = ("shipments", "returns", "listings")
# Column length of `sync_cursors.batch_id`.
MAX_BATCH_ID_LENGTH = 64


def get_cursor(actor: Actor, account_id: str, stream: str) -> datetime | None:
    """Return the stream's cursor of an account (aware UTC), or None before its first sync."""
    _check_stream(stream)
    authorize(actor, Action.SYNC_RUN, object_type="seller_account", object_id=account_id)

    with actor.store.read(actor.tenant_id) as session:
        require_account(session, account_id)
        statement = select(SyncCursor.cursor_at).where(
            SyncCursor.account_id == account_id, SyncCursor.stream == stream
        )
        return session.scalars(statement).one_or_none()


def advance_cursor(
    actor: Actor, account_id: str, stream: str, cursor_at: datetime, batch_id: str
) -> datetime:
    """Move the stream's cursor to `cursor_at` once batch `batch_id` is committed; return it.

    The cursor never moves backwards: when `cursor_at` is not later than the stored cursor,
    nothing is written or audited and the stored cursor is returned. The account row is locked
    first, so two concurrent callers apply one after the other.
    """
    _check_stream(stream)
    check_text("batch id", batch_id, MAX_BATCH_ID_LENGTH)
    if cursor_at.tzinfo is None:
        raise InvalidInputError(
            f"Cursor time {cursor_at.isoformat()} has no time zone; pass an aware datetime."
        )
    authorize(actor, Action.SYNC_RUN, object_type="seller_account", object_id=account_id)

    with actor.store.write(actor.tenant_id) as session:
        lock_account(session, account_id)
        row = session.scalars(
            select(SyncCursor).where(
                SyncCursor.account_id == account_id, SyncCursor.stream == stream
            )
        ).one_or_none()
        previous = row.cursor_at if row is not None else None
        if previous is not None and cursor_at <= previous:
            logger.info(
                "Cursor %s/%s stays at %s; batch %s reached only %s",
                account_id,
                stream,
                previous.isoformat(),
                batch_id,
                cursor_at.isoformat(),
            )
            return previous

        if row is None:
            row = SyncCursor(tenant_id=actor.tenant_id, account_id=account_id, stream=stream)
            session.add(row)
        row.cursor_at = cursor_at
        row.batch_id = batch_id
        session.flush()

        detail = {
            "stream": stream,
            "from": previous.isoformat() if previous is not None else None,
            "to": row.cursor_at.isoformat(),
            "batch_id": batch_id,
        }
        record_success(
            session,
            actor,
            Action.SYNC_RUN,
            object_type="seller_account",
            object_id=account_id,
            detail=detail,
        )
        return row.cursor_at


def reset_cursors(actor: Actor, account_id: str) -> int:
    """Delete every cursor of an account, so its next sync starts from the beginning.

    Returns how many cursors were deleted.
    """
    authorize(actor, Action.SYNC_RUN, object_type="seller_account", object_id=account_id)

    with actor.store.write(actor.tenant_id) as session:
        lock_account(session, account_id)
        result = session.execute(
            delete(SyncCursor)
            .where(SyncCursor.account_id == account_id)
            .execution_options(synchronize_session=False)
        )
        deleted = result.rowcount or 0
        record_success(
            session,
            actor,
            Action.SYNC_RUN,
            object_type="seller_account",
            object_id=account_id,
            detail={"reset_cursors": deleted},
        )
        return deleted


def _check_stream(stream: str) -> None:
    if stream not in STREAMS:
        raise InvalidInputError(
            f"Unknown sync stream {stream!r}; use one of: {', '.join(STREAMS)}."
        )
