"""Flipkart seller accounts of a tenant: add, list, update credentials, deactivate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sellerops.accounts.validation import (
    MAX_APP_ID_LENGTH,
    MAX_APP_SECRET_LENGTH,
    AccountInput,
    validate_account_input,
)
from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import SellerAccount
from sellerops.security.masking import mask_secret
from sellerops.security.permissions import Action
from sellerops.security.text_input import check_text
from sellerops.services import plan_limits
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.locks import lock_tenant


@dataclass(frozen=True)
class AccountView:
    """A seller account as services return it: the secret only masked, no token."""

    id: str
    name: str
    environment: str
    base_url: str | None
    app_id: str
    app_secret_masked: str
    has_token: bool
    location_ids: list[str]
    gstin: str
    state_code: str
    state: str
    is_active: bool
    created_at: datetime


def add_account(actor: Actor, account: AccountInput) -> AccountView:
    """Add a seller account with its secret encrypted; the plan's account limit applies."""
    account = validate_account_input(account)
    authorize(actor, Action.ACCOUNT_ADD, object_type="seller_account", object_id=account.name)
    store = actor.store

    with store.write(actor.tenant_id) as session:
        tenant = lock_tenant(session, actor.tenant_id)
        if _by_name(session, account.name) is not None:
            raise InvalidInputError(
                f"Seller account {account.name!r} already exists in tenant {tenant.slug!r}; "
                f"choose another name or update its credentials."
            )
        plan_limits.check_room(
            tenant.plan,
            plan_limits.ACCOUNTS,
            current=_active_count(session),
            adding=1,
            tenant_slug=tenant.slug,
        )

        row = SellerAccount(
            tenant_id=actor.tenant_id,
            name=account.name,
            environment=account.environment,
            base_url=account.base_url,
            app_id=account.app_id,
            app_secret_encrypted=store.secrets.encrypt(account.app_secret),
            location_ids=account.location_ids,
            gstin=account.gstin,
            state_code=account.state_code,
            state=account.state,
        )
        session.add(row)
        session.flush()
        detail = {"name": row.name, "environment": row.environment, "app_id": row.app_id}
        record_success(
            session,
            actor,
            Action.ACCOUNT_ADD,
            object_type="seller_account",
            object_id=row.id,
            detail=detail,
        )
        return _view(row, store.secrets.decrypt(row.app_secret_encrypted))


def list_accounts(actor: Actor) -> list[AccountView]:
    """Return the seller accounts of the actor's tenant, by name."""
    authorize(actor, Action.ACCOUNT_LIST, object_type="seller_account")
    with actor.store.read(actor.tenant_id) as session:
        rows = session.scalars(select(SellerAccount).order_by(SellerAccount.name)).all()
        return [_view(row, actor.store.secrets.decrypt(row.app_secret_encrypted)) for row in rows]


def get_account(actor: Actor, account_id: str) -> AccountView:
    """Return one seller account of the actor's tenant; raises `NotFoundError` otherwise."""
    authorize(actor, Action.ACCOUNT_LIST, object_type="seller_account", object_id=account_id)
    with actor.store.read(actor.tenant_id) as session:
        row = require_account(session, account_id)
        return _view(row, actor.store.secrets.decrypt(row.app_secret_encrypted))


def update_credentials(actor: Actor, account_id: str, app_id: str, app_secret: str) -> AccountView:
    """Replace the app id and secret of an account and drop its cached token."""
    check_text("app id", app_id, MAX_APP_ID_LENGTH)
    check_text("app secret", app_secret, MAX_APP_SECRET_LENGTH)
    if not app_id.strip() or not app_secret:
        raise InvalidInputError(
            "The app id or app secret is empty; copy both from the Flipkart developer console."
        )
    authorize(
        actor, Action.ACCOUNT_UPDATE_CREDENTIALS, object_type="seller_account", object_id=account_id
    )
    store = actor.store

    with store.write(actor.tenant_id) as session:
        row = require_account(session, account_id)
        row.app_id = app_id.strip()
        row.app_secret_encrypted = store.secrets.encrypt(app_secret)
        row.token_encrypted = None
        session.flush()
        record_success(
            session,
            actor,
            Action.ACCOUNT_UPDATE_CREDENTIALS,
            object_type="seller_account",
            object_id=row.id,
            detail={"app_id": row.app_id},
        )
        return _view(row, app_secret)


def deactivate_account(actor: Actor, account_id: str) -> AccountView:
    """Deactivate an account: no client can be built for it, and its cached token is dropped."""
    authorize(actor, Action.ACCOUNT_DEACTIVATE, object_type="seller_account", object_id=account_id)
    store = actor.store

    with store.write(actor.tenant_id) as session:
        row = require_account(session, account_id)
        row.is_active = False
        row.token_encrypted = None
        session.flush()
        record_success(
            session,
            actor,
            Action.ACCOUNT_DEACTIVATE,
            object_type="seller_account",
            object_id=row.id,
        )
        return _view(row, store.secrets.decrypt(row.app_secret_encrypted))


def require_account(session: Session, account_id: str) -> SellerAccount:
    """Return the account `account_id` of the session's tenant; raises `NotFoundError`."""
    row = session.get(SellerAccount, account_id)
    if row is None:
        raise NotFoundError(
            f"No seller account {account_id!r} in this tenant; list them with "
            f"`sellerops account list`."
        )
    return row


def _by_name(session: Session, name: str) -> SellerAccount | None:
    return session.scalars(select(SellerAccount).where(SellerAccount.name == name)).one_or_none()


def _active_count(session: Session) -> int:
    count = session.scalar(
        select(func.count(SellerAccount.id)).where(SellerAccount.is_active.is_(True))
    )
    return count or 0


def _view(row: SellerAccount, app_secret: str) -> AccountView:
    return AccountView(
        id=row.id,
        name=row.name,
        environment=row.environment,
        base_url=row.base_url,
        app_id=row.app_id,
        app_secret_masked=mask_secret(app_secret),
        has_token=row.token_encrypted is not None,
        location_ids=list(row.location_ids or []),
        gstin=row.gstin,
        state_code=row.state_code,
        state=row.state,
        is_active=row.is_active,
        created_at=row.created_at,
    )
