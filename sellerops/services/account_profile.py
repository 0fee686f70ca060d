"""Fee settings of a seller account: tier, fulfilment and the locations orders ship from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerops.accounts.validation import LOCATION_PATTERN, STATE_CODE_PATTERN
from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import SellerAccount, SellerLocation
from sellerops.security.permissions import Action
from sellerops.security.text_input import check_text
from sellerops.services.accounts import require_account
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success

# Seller tiers of Flipkart's rate card, and how the seller fulfils orders. NON_FBF orders ship
# from the seller's own locations, FBF (Fulfilled by Flipkart) orders from Flipkart's warehouses.
TIERS = ("PLATINUM", "GOLD", "SILVER", "BRONZE")
FULFILMENTS = ("NON_FBF", "FBF")
PINCODE_PATTERN = re.compile(r"^[1-9][0-9]{5}$")
# Column lengths of `seller_locations`.
MAX_LOCATION_ID_LENGTH = 64
MAX_CITY_LENGTH = 100


@dataclass(frozen=True)
class LocationView:
    """A location of a seller account with its city, pincode and GST state code."""

    location_id: str
    city: str
    pincode: str
    state_code: str


@dataclass(frozen=True)
class AccountProfile:
    """The identity and fee settings of one seller account, with its locations by id."""

    account_id: str
    name: str
    tier: str
    fulfilment: str
    gstin: str
    state_code: str
    locations: list[LocationView]


def set_account_profile(
    actor: Actor, account_id: str, *, tier: str | None = None, fulfilment: str | None = None
) -> AccountProfile:
    """Set the tier, the fulfilment or both of an account. A value left as None is kept."""
    new_tier = _choice("tier", tier, TIERS)
    new_fulfilment = _choice("fulfilment", fulfilment, FULFILMENTS)
    authorize(actor, Action.ACCOUNT_CONFIGURE, object_type="seller_account", object_id=account_id)

    with actor.store.write(actor.tenant_id) as session:
        account = lock_account(session, account_id)
        detail = {"from": {"tier": account.tier, "fulfilment": account.fulfilment}}
        account.tier = new_tier or account.tier
        account.fulfilment = new_fulfilment or account.fulfilment
        session.flush()

        detail["to"] = {"tier": account.tier, "fulfilment": account.fulfilment}
        record_success(
            session,
            actor,
            Action.ACCOUNT_CONFIGURE,
            object_type="seller_account",
            object_id=account.id,
            detail=detail,
        )
        return _profile(session, account)


def set_location(
    actor: Actor, account_id: str, location_id: str, city: str, pincode: str, state_code: str
) -> AccountProfile:
    """Add or replace one location of an account, and add a new id to its location ids."""
    location = _validate_location(location_id, city, pincode, state_code)
    authorize(actor, Action.ACCOUNT_CONFIGURE, object_type="seller_account", object_id=account_id)

    with actor.store.write(actor.tenant_id) as session:
        account = lock_account(session, account_id)
        row = session.scalars(
            select(SellerLocation).where(
                SellerLocation.account_id == account.id,
                SellerLocation.location_id == location.location_id,
            )
        ).one_or_none()
        if row is None:
            row = SellerLocation(
                tenant_id=actor.tenant_id, account_id=account.id, location_id=location.location_id
            )
            session.add(row)
        row.city = location.city
        row.pincode = location.pincode
        row.state_code = location.state_code
        if location.location_id not in (account.location_ids or []):
            # A new list, because SQLAlchemy does not see changes made inside a JSON value.
            account.location_ids = [*(account.location_ids or []), location.location_id]
        session.flush()

        record_success(
            session,
            actor,
            Action.ACCOUNT_CONFIGURE,
            object_type="seller_account",
            object_id=account.id,
            detail={"location": location.__dict__},
        )
        return _profile(session, account)


def account_profile(actor: Actor, account_id: str) -> AccountProfile:
    """Return the profile of one account of the actor's tenant; raises `NotFoundError`."""
    authorize(actor, Action.ACCOUNT_LIST, object_type="seller_account", object_id=account_id)
    with actor.store.read(actor.tenant_id) as session:
        return _profile(session, require_account(session, account_id))


def lock_account(session: Session, account_id: str) -> SellerAccount:
    """Lock and return an account of the session's tenant; raises `NotFoundError`.

    The lock serializes writers of the account's locations and sync cursors on PostgreSQL
    (SQLite's writing sessions already hold the database write lock).
    """
    statement = select(SellerAccount).where(SellerAccount.id == account_id).with_for_update()
    account = session.scalars(statement).one_or_none()
    if account is None:
        raise NotFoundError(
            f"No seller account {account_id!r} in this tenant; list them with "
            f"`sellerops account list`."
        )
    return account


def _choice(field: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    normalized = value.strip().upper()
    if normalized not in allowed:
        raise InvalidInputError(f"Unknown {field} {value!r}; use one of: {', '.join(allowed)}.")
    return normalized


def _validate_location(location_id: str, city: str, pincode: str, state_code: str) -> LocationView:
    location_id = check_text("location id", location_id, MAX_LOCATION_ID_LENGTH).strip()
    if not LOCATION_PATTERN.match(location_id):
        raise InvalidInputError(
            f"Location id {location_id!r} is invalid; copy it (LOC followed by letters and "
            f"digits) from Seller Hub."
        )
    city = check_text("city", city, MAX_CITY_LENGTH).strip()
    if not city:
        raise InvalidInputError(f"The city of location {location_id!r} is empty; give its city.")
    pincode = check_text("pincode", pincode, MAX_CITY_LENGTH).strip()
    if not PINCODE_PATTERN.match(pincode):
        raise InvalidInputError(f"Pincode {pincode!r} is invalid; use the 6-digit PIN code.")
    state_code = check_text("state code", state_code, MAX_CITY_LENGTH).strip()
    if not STATE_CODE_PATTERN.match(state_code):
        raise InvalidInputError(
            f"State code {state_code!r} is invalid; use the 2-digit GST state code, e.g. 29."
        )
    return LocationView(location_id, city, pincode, state_code)


def _profile(session: Session, account: SellerAccount) -> AccountProfile:
    locations = session.scalars(
        select(SellerLocation)
        .where(SellerLocation.account_id == account.id)
        .order_by(SellerLocation.location_id)
    ).all()
    return AccountProfile(
        account_id=account.id,
        name=account.name,
        tier=account.tier,
        fulfilment=account.fulfilment,
        gstin=account.gstin,
        state_code=account.state_code,
        locations=[
            LocationView(row.location_id, row.city, row.pincode, row.state_code)
            for row in locations
        ],
    )
