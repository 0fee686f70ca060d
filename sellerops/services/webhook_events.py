"""The inbox of Flipkart push notifications: verify and store each event once, hand them to sync.

The receiver is not a logged-in user: a notification proves itself by its signature, made with
the account's app secret. The sync sensor runs for the install's operator. Neither goes through
the permission matrix, and both reach the store through unscoped sessions that read or write
only the rows of the one account involved.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from sellerops.errors import NotFoundError
from sellerops.models import SellerAccount, Tenant, WebhookEvent, utc_now
from sellerops.models.base import ID_LENGTH
from sellerops.store import Store
from sellerops.webhooks.envelope import ParsedEvent, parse_notification
from sellerops.webhooks.signature import verify_signature

logger = logging.getLogger("sellerops.services")

# Events handed to the sync per sensor evaluation, at most.
PENDING_BATCH_LIMIT = 500
MAX_RUN_KEY_LENGTH = 64


@dataclass(frozen=True)
class NotificationRequest:
    """The parts of one HTTP request that the receiver checks and stores.

    `url` is the receiver URL the sender signed: the URL registered with Flipkart, query
    string included.
    """

    account_id: str
    url: str
    method: str
    x_date: str | None
    x_authorization: str | None
    body: bytes


@dataclass(frozen=True)
class ReceivedEvent:
    """The stored event of a valid notification; `is_new` is False for a redelivery."""

    event_id: str
    account_id: str
    event_type: str
    entity_id: str | None
    is_actionable: bool
    is_new: bool


@dataclass(frozen=True)
class PendingAccount:
    """The unprocessed, actionable events of one seller account, oldest first."""

    tenant_slug: str
    account_id: str
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class _Credentials:
    tenant_id: str
    app_id: str
    app_secret_encrypted: str


def receive_notification(
    store: Store, request: NotificationRequest, *, now: datetime | None = None
) -> ReceivedEvent:
    """Verify a notification for an account and store its event unless already stored.

    Raises NotFoundError for an unknown or deactivated account, `SignatureError` for a missing,
    stale or wrong signature, and `MalformedBodyError` for a body that is not an envelope. The
    signature is checked before the body is read, and the app secret is decrypted only here.
    Events of unknown types are stored as already processed, because no sync follows them.
    """
    now = now or utc_now()
    credentials = _credentials(store, request.account_id)
    verify_signature(
        request.x_authorization,
        request.x_date,
        app_id=credentials.app_id,
        app_secret=store.secrets.decrypt(credentials.app_secret_encrypted),
        url=request.url,
        method=request.method,
        now=now,
    )
    event = parse_notification(request.body)

    existing = _find(store, credentials.tenant_id, request.account_id, event.event_key)
    if existing is not None:
        return _received(existing, is_new=False)
    try:
        row = _insert(store, credentials.tenant_id, request.account_id, event, now)
    except IntegrityError:
        # A concurrent delivery of the same event committed first.
        existing = _find(store, credentials.tenant_id, request.account_id, event.event_key)
        if existing is None:
            raise
        return _received(existing, is_new=False)
    return _received(row, is_new=True)


def pending_accounts(store: Store, *, limit: int = PENDING_BATCH_LIMIT) -> list[PendingAccount]:
    """Return the accounts with actionable, unprocessed events, oldest event first.

    Events of deactivated accounts are left alone: no sync runs for them.
    """
    with store.operator_read() as session:
        rows = session.execute(
            select(Tenant.slug, WebhookEvent.account_id, WebhookEvent.id)
            .join(Tenant, Tenant.id == WebhookEvent.tenant_id)
            .join(SellerAccount, SellerAccount.id == WebhookEvent.account_id)
            .where(
                WebhookEvent.processed_at.is_(None),
                WebhookEvent.is_actionable.is_(True),
                SellerAccount.is_active.is_(True),
            )
            .order_by(WebhookEvent.received_at, WebhookEvent.id)
            .limit(limit)
        ).all()

    grouped: dict[tuple[str, str], list[str]] = {}
    for slug, account_id, event_id in rows:
        grouped.setdefault((slug, account_id), []).append(event_id)
    return [
        PendingAccount(slug, account_id, tuple(event_ids))
        for (slug, account_id), event_ids in grouped.items()
    ]


def mark_processed(
    store: Store, event_ids: Sequence[str], run_key: str, *, now: datetime | None = None
) -> int:
    """Record that the sync run `run_key` covers these events; return how many were pending.

    Events already processed keep their first run key, so repeating a call changes nothing.
    """
    if len(run_key) > MAX_RUN_KEY_LENGTH:
        raise ValueError(
            f"Run key {run_key[:80]!r} is longer than {MAX_RUN_KEY_LENGTH} characters; shorten it."
        )
    if not event_ids:
        return 0
    with store.operator_write() as session:
        result = session.execute(
            update(WebhookEvent)
            .where(WebhookEvent.id.in_(list(event_ids)), WebhookEvent.processed_at.is_(None))
            .values(processed_at=now or utc_now(), sync_run_key=run_key)
        )
        marked = result.rowcount
    logger.info("Webhook events: %d marked processed by run %s", marked, run_key)
    return marked


def _credentials(store: Store, account_id: str) -> _Credentials:
    if not account_id or len(account_id) > ID_LENGTH:
        raise NotFoundError(f"No seller account {account_id[:80]!r}; check the receiver URL.")
    with store.operator_read() as session:
        row = session.execute(
            select(
                SellerAccount.tenant_id,
                SellerAccount.app_id,
                SellerAccount.app_secret_encrypted,
                SellerAccount.is_active,
            ).where(SellerAccount.id == account_id)
        ).one_or_none()
    if row is None or not row.is_active:
        raise NotFoundError(
            f"No active seller account {account_id!r}; check the receiver URL registered "
            f"with Flipkart."
        )
    return _Credentials(row.tenant_id, row.app_id, row.app_secret_encrypted)


def _find(store: Store, tenant_id: str, account_id: str, key: str) -> WebhookEvent | None:
    with store.read(tenant_id) as session:
        return session.scalars(
            select(WebhookEvent).where(
                WebhookEvent.account_id == account_id, WebhookEvent.event_key == key
            )
        ).one_or_none()


def _insert(
    store: Store, tenant_id: str, account_id: str, event: ParsedEvent, now: datetime
) -> WebhookEvent:
    row = WebhookEvent(
        tenant_id=tenant_id,
        account_id=account_id,
        event_key=event.event_key,
        event_type=event.envelope.event_type,
        entity_id=event.entity_id,
        location_id=event.envelope.location_id,
        event_at=event.event_at,
        payload=event.payload,
        is_actionable=event.is_actionable,
        received_at=now,
        processed_at=None if event.is_actionable else now,
    )
    with store.write(tenant_id) as session:
        session.add(row)
    return row


def _received(row: WebhookEvent, *, is_new: bool) -> ReceivedEvent:
    return ReceivedEvent(
        event_id=row.id,
        account_id=row.account_id,
        event_type=row.event_type,
        entity_id=row.entity_id,
        is_actionable=row.is_actionable,
        is_new=is_new,
    )
