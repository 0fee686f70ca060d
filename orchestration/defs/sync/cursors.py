"""Sync cursors kept in the operational store, in the shape `sync_account` reads and advances."""

from __future__ import annotations

from datetime import datetime

from sellerops.services.actor import Actor
from sellerops.services.sync_state import advance_cursor, get_cursor


class StoreCursors:
    """The cursors of one seller account; each advance is audited by the service layer."""

    def __init__(self, actor: Actor, account_id: str) -> None:
        self._actor = actor
        self._account_id = account_id

    def get(self, stream: str) -> datetime | None:
        return get_cursor(self._actor, self._account_id, stream)

    def advance(self, stream: str, cursor_at: datetime, batch_id: str) -> None:
        advance_cursor(self._actor, self._account_id, stream, cursor_at, batch_id)
