"""Over-long and control-character input gets one-line errors, the same on both backends."""

import pytest
from factories import PASSWORD, account_input, new_tenant

from sellerops.errors import InvalidInputError
from sellerops.services import (
    PlanLimits,
    add_account,
    add_user,
    create_plan,
    create_tenant,
    set_role,
    update_credentials,
)

LONG = "a" * 300


def message_of(call):
    with pytest.raises(InvalidInputError) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"name": LONG}, "The account name has 300 characters; use at most 100."),
        ({"state": LONG}, "The state has 300 characters; use at most 100."),
        ({"app_id": LONG}, "The app id has 300 characters; use at most 200."),
        ({"app_secret": "x" * 5000}, "The app secret has 5000 characters; use at most 1000."),
        ({"name": "ma\x00in"}, "The account name contains a control character"),
    ],
    ids=["name", "state", "app-id", "secret", "nul"],
)
def test_account_fields_checked(store, overrides, expected):
    owner = new_tenant(store, "acme")
    values = {"name": "main", **overrides}
    message = message_of(lambda: add_account(owner, account_input(**values)))
    assert message.startswith(expected)


def test_update_credentials_checked(store):
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input("main"))
    message = message_of(lambda: update_credentials(owner, account.id, LONG, "secret-value-1"))
    assert message == "The app id has 300 characters; use at most 200."


@pytest.mark.parametrize(
    ("email", "name", "expected"),
    [
        (LONG + "@acme.example", "", "The email has 313 characters; use at most 254."),
        ("a\x01b@acme.example", "", "The email contains a control character"),
        ("new@acme.example", LONG, "The display name has 300 characters; use at most 200."),
        ("new@acme.example", "x\x00y", "The display name contains a control character"),
    ],
    ids=["long-email", "control-email", "long-name", "nul-name"],
)
def test_user_fields_checked(store, email, name, expected):
    owner = new_tenant(store, "acme")
    message = message_of(lambda: add_user(owner, email, "viewer", PASSWORD, display_name=name))
    assert message.startswith(expected)


def test_set_role_long_email(store):
    owner = new_tenant(store, "acme")
    message = message_of(lambda: set_role(owner, LONG + "@acme.example", "viewer"))
    assert "use at most 254" in message


def test_tenant_name_checked(store):
    message = message_of(
        lambda: create_tenant(
            store,
            "operator:test",
            slug="acme",
            name=LONG,
            owner_email="owner@acme.example",
            owner_password=PASSWORD,
        )
    )
    assert message == "The tenant name has 300 characters; use at most 200."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (LONG, "The plan name has 300 characters; use at most 64."),
        ("", "The plan name is empty; give a name such as 'small'."),
        ("sm\x00all", "The plan name contains a control character"),
    ],
    ids=["long", "empty", "nul"],
)
def test_plan_name_checked(store, name, expected):
    message = message_of(lambda: create_plan(store, "operator:test", name, PlanLimits()))
    assert message.startswith(expected)


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        (" " * 12, "The password is only whitespace"),
        ("new@acme.example", "The password is the user's email"),
        ("x" * 2000, "The password has 2000 characters; use at most 1024."),
    ],
    ids=["spaces", "email", "long"],
)
def test_weak_passwords_rejected(store, password, expected):
    owner = new_tenant(store, "acme")
    message = message_of(lambda: add_user(owner, "new@acme.example", "viewer", password))
    assert message.startswith(expected)


def test_errors_omit_value(store):
    owner = new_tenant(store, "acme")
    secret = "s3cret-" + "x" * 2000
    message = message_of(lambda: add_account(owner, account_input("main", app_secret=secret)))
    assert secret not in message
