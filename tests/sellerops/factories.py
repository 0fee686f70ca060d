"""Builders of tenants, users and seller accounts for the operational core's tests."""

from __future__ import annotations

from sellerops.accounts.validation import AccountInput, gstin_check_character
from sellerops.security.permissions import Role
from sellerops.services import Actor, BuyerContactInput, add_user, create_tenant, login
from sellerops.store import Store

PASSWORD = "correct horse battery"


def gstin(state_code: str = "29", pan: str = "ABCDE1234F") -> str:
    """Return a GSTIN with a valid check character."""
    first_fourteen = f"{state_code}{pan}1Z"
    return first_fourteen + gstin_check_character(first_fourteen)


def new_tenant(store: Store, slug: str, *, plan: str = "unlimited") -> Actor:
    """Create a tenant and return its owner, logged in."""
    create_tenant(
        store,
        "operator:test",
        slug=slug,
        name=slug.title(),
        owner_email=f"owner@{slug}.example",
        owner_password=PASSWORD,
        plan_name=plan,
    )
    return login(store, slug, f"owner@{slug}.example", PASSWORD)


def member(owner: Actor, role: Role | str, *, name: str | None = None) -> Actor:
    """Add a user with `role` to the owner's tenant and return it, logged in."""
    role_name = Role(role).value
    slug = owner.email.split("@", 1)[1].removesuffix(".example")
    email = f"{name or role_name}@{slug}.example"
    add_user(owner, email, role_name, PASSWORD)
    return login(owner.store, slug, email, PASSWORD)


def account_input(name: str = "main", **overrides: object) -> AccountInput:
    """Return valid input for a production seller account."""
    values: dict[str, object] = {
        "name": name,
        "environment": "production",
        "app_id": f"app-{name}",
        "app_secret": f"secret-of-{name}-0123456789",
        "gstin": gstin(),
        "state_code": "29",
        "state": "Karnataka",
        "location_ids": ["LOC914d90fdeade4be8a84a7894c19d70e3"],
    }
    values.update(overrides)
    return AccountInput(**values)  # type: ignore[arg-type]


BUYER = BuyerContactInput(
    buyer_name="Asha Rao",
    phone="9876543210",
    address_line1="12 MG Road",
    city="Bengaluru",
    state="Karnataka",
    state_code="29",
    pincode="560001",
    billing_name="Asha Rao",
    billing_address_line1="12 MG Road",
    billing_city="Bengaluru",
    billing_state="Karnataka",
    billing_state_code="29",
    billing_pincode="560001",
)
