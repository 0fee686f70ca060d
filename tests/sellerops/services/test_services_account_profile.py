"""Tier, fulfilment and locations of a seller account, and the pipeline's acting owner."""

import pytest
from factories import PASSWORD, account_input, member, new_tenant

from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import User
from sellerops.services import add_account, add_user, disable_user, get_account, set_role
from sellerops.services.account_profile import (
    LocationView,
    account_profile,
    set_account_profile,
    set_location,
)
from sellerops.services.actor import pipeline_actor

LOCATION = "LOC914d90fdeade4be8a84a7894c19d70e3"


@pytest.fixture
def owner_and_account(store):
    owner = new_tenant(store, "acme")
    return owner, add_account(owner, account_input("main"))


def test_new_account_has_defaults(owner_and_account):
    owner, account = owner_and_account

    profile = account_profile(owner, account.id)

    assert (profile.tier, profile.fulfilment) == ("GOLD", "NON_FBF")
    assert (profile.gstin, profile.state_code, profile.name) == (account.gstin, "29", "main")
    assert profile.locations == []


def test_configure_sets_given_fields(owner_and_account):
    owner, account = owner_and_account

    set_account_profile(owner, account.id, tier="silver")
    profile = set_account_profile(owner, account.id, fulfilment=" fbf ")

    assert (profile.tier, profile.fulfilment) == ("SILVER", "FBF")


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            {"tier": "diamond"},
            "Unknown tier 'diamond'; use one of: PLATINUM, GOLD, SILVER, BRONZE.",
        ),
        ({"fulfilment": "self"}, "Unknown fulfilment 'self'; use one of: NON_FBF, FBF."),
    ],
)
def test_configure_rejects_unknown(owner_and_account, arguments, expected):
    owner, account = owner_and_account
    with pytest.raises(InvalidInputError) as caught:
        set_account_profile(owner, account.id, **arguments)
    assert str(caught.value) == expected


def test_location_added_then_replaced(owner_and_account):
    owner, account = owner_and_account

    set_location(owner, account.id, "LOCnew1", "Pune", "411001", "27")
    profile = set_location(owner, account.id, LOCATION, "Bengaluru", "560001", "29")
    profile = set_location(owner, account.id, "LOCnew1", "Mumbai", "400001", "27")

    assert profile.locations == [
        LocationView(LOCATION, "Bengaluru", "560001", "29"),
        LocationView("LOCnew1", "Mumbai", "400001", "27"),
    ]
    assert get_account(owner, account.id).location_ids == [LOCATION, "LOCnew1"]


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (("LOC-1", "Pune", "411001", "27"), "Location id 'LOC-1' is invalid"),
        (("LOC1", " ", "411001", "27"), "The city of location 'LOC1' is empty"),
        (("LOC1", "Pune", "41100", "27"), "Pincode '41100' is invalid; use the 6-digit PIN code."),
        (("LOC1", "Pune", "411001", "7"), "State code '7' is invalid"),
        (("LOC1", "Pu\x00ne", "411001", "27"), "The city contains a control character"),
    ],
    ids=["location-id", "city", "pincode", "state-code", "nul"],
)
def test_location_rejects_invalid(owner_and_account, location, expected):
    owner, account = owner_and_account
    with pytest.raises(InvalidInputError) as caught:
        set_location(owner, account.id, *location)
    assert str(caught.value).startswith(expected)


def test_profile_of_unknown_account(owner_and_account):
    owner, _ = owner_and_account
    with pytest.raises(NotFoundError) as caught:
        account_profile(owner, "nope")
    assert "No seller account 'nope'" in str(caught.value)


def test_pipeline_actor_first_owner(store):
    first = new_tenant(store, "acme")
    member(first, "owner", name="second")

    assert pipeline_actor(store, "acme").email == first.email


def test_pipeline_actor_skips_disabled_owner(store):
    first = new_tenant(store, "acme")
    second = member(first, "owner", name="second")
    disable_user(second, first.email)

    assert pipeline_actor(store, "acme").email == second.email


def test_pipeline_actor_skips_non_owner(store):
    first = new_tenant(store, "acme")
    add_user(first, "manager@acme.example", "manager", PASSWORD)
    second = member(first, "owner", name="second")
    set_role(second, first.email, "viewer")

    assert pipeline_actor(store, "acme").email == second.email


def test_pipeline_actor_without_owner(store):
    owner = new_tenant(store, "acme")
    with store.operator_write() as session:
        session.get_one(User, owner.user_id).is_active = False

    with pytest.raises(NotFoundError) as caught:
        pipeline_actor(store, "acme")
    assert "Tenant 'acme' has no active owner" in str(caught.value)


def test_pipeline_actor_unknown_tenant(store):
    with pytest.raises(NotFoundError) as caught:
        pipeline_actor(store, "ghost")
    assert "No tenant 'ghost'" in str(caught.value)
