import pytest
from factories import PASSWORD, member, new_tenant

from sellerops.errors import InvalidInputError, NotFoundError, PlanLimitError
from sellerops.services import (
    PlanLimits,
    add_user,
    create_plan,
    disable_user,
    enable_user,
    get_user,
    list_users,
    set_role,
)


def test_add_user_normalizes_email(store):
    owner = new_tenant(store, "acme")
    assert add_user(owner, " Pat@Acme.Example ", "Packer", PASSWORD).email == "pat@acme.example"


def test_add_user_hides_hash(store):
    owner = new_tenant(store, "acme")
    view = add_user(owner, "pat@acme.example", "packer", PASSWORD)
    assert not hasattr(view, "password_hash")


def test_duplicate_user_message(store):
    owner = new_tenant(store, "acme")
    add_user(owner, "pat@acme.example", "packer", PASSWORD)
    with pytest.raises(InvalidInputError) as caught:
        add_user(owner, "PAT@acme.example", "viewer", PASSWORD)
    assert str(caught.value) == (
        "User 'pat@acme.example' already exists in tenant 'acme'; use "
        "`sellerops user set-role` to change its role."
    )


def test_unknown_role_message(store):
    owner = new_tenant(store, "acme")
    with pytest.raises(InvalidInputError) as caught:
        add_user(owner, "pat@acme.example", "admn", PASSWORD)
    assert str(caught.value) == (
        "Unknown role 'admn'; use one of: owner, manager, accountant, packer, viewer."
    )


def test_malformed_email_message(store):
    owner = new_tenant(store, "acme")
    with pytest.raises(InvalidInputError) as caught:
        add_user(owner, "pat-at-acme", "packer", PASSWORD)
    assert "'pat-at-acme' is malformed" in str(caught.value)


def test_same_email_other_tenant_allowed(store):
    acme = new_tenant(store, "acme")
    globex = new_tenant(store, "globex")
    add_user(acme, "pat@example.com", "packer", PASSWORD)
    assert add_user(globex, "pat@example.com", "viewer", PASSWORD).role == "viewer"


def test_set_role(store):
    owner = new_tenant(store, "acme")
    packer = member(owner, "packer")
    assert set_role(owner, packer.email, "manager").role == "manager"


def test_last_owner_kept(store):
    owner = new_tenant(store, "acme")
    with pytest.raises(InvalidInputError) as caught:
        set_role(owner, owner.email, "viewer")
    assert "last active owner" in str(caught.value)


def test_last_owner_not_disabled(store):
    owner = new_tenant(store, "acme")
    with pytest.raises(InvalidInputError):
        disable_user(owner, owner.email)


def test_second_owner_allows_demotion(store):
    owner = new_tenant(store, "acme")
    other = member(owner, "owner", name="second")
    assert set_role(owner, other.email, "viewer").role == "viewer"


def test_unknown_user_message(store):
    owner = new_tenant(store, "acme")
    with pytest.raises(NotFoundError) as caught:
        get_user(owner, "ghost@acme.example")
    assert "'ghost@acme.example'" in str(caught.value)


def test_list_users_sorted(store):
    owner = new_tenant(store, "acme")
    member(owner, "viewer")
    member(owner, "accountant")
    emails = [user.email for user in list_users(owner)]
    assert emails == sorted(emails)


def test_user_limit_message(store):
    create_plan(store, "operator:test", "duo", PlanLimits(max_users=2))
    owner = new_tenant(store, "acme", plan="duo")
    add_user(owner, "one@acme.example", "packer", PASSWORD)
    with pytest.raises(PlanLimitError) as caught:
        add_user(owner, "two@acme.example", "packer", PASSWORD)
    assert str(caught.value) == (
        "Plan 'duo' allows 2 active users and tenant 'acme' has 2 (adding 1); disable a user "
        "or move the tenant to a larger plan with `sellerops tenant set-plan acme PLAN`."
    )


def test_disabled_users_free_room(store):
    create_plan(store, "operator:test", "duo", PlanLimits(max_users=2))
    owner = new_tenant(store, "acme", plan="duo")
    add_user(owner, "one@acme.example", "packer", PASSWORD)
    disable_user(owner, "one@acme.example")
    assert add_user(owner, "two@acme.example", "packer", PASSWORD)


def test_enable_respects_limit(store):
    create_plan(store, "operator:test", "duo", PlanLimits(max_users=2))
    owner = new_tenant(store, "acme", plan="duo")
    add_user(owner, "one@acme.example", "packer", PASSWORD)
    disable_user(owner, "one@acme.example")
    add_user(owner, "two@acme.example", "packer", PASSWORD)
    with pytest.raises(PlanLimitError):
        enable_user(owner, "one@acme.example")
