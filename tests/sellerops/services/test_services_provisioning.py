import pytest
from factories import PASSWORD, new_tenant

from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.services import (
    PlanLimits,
    create_plan,
    create_tenant,
    ensure_default_plan,
    get_tenant,
    set_tenant_plan,
)


def test_default_plan_unlimited(store):
    plan = ensure_default_plan(store, "operator:test")
    assert (plan.name, plan.max_accounts, plan.max_users) == ("unlimited", None, None)


def test_default_plan_created_once(store):
    assert ensure_default_plan(store, "x").id == ensure_default_plan(store, "x").id


def test_new_tenant_on_unlimited(store):
    owner = new_tenant(store, "acme")
    assert get_tenant(owner).plan == "unlimited"


@pytest.mark.parametrize("slug", ["A", "-x", "has space", "Acme"])
def test_bad_slug_message(store, slug):
    with pytest.raises(InvalidInputError) as caught:
        create_tenant(
            store, "op", slug=slug, name="", owner_email="o@x.example", owner_password=PASSWORD
        )
    assert f"Tenant slug {slug!r} is invalid" in str(caught.value)


def test_duplicate_tenant_message(store):
    new_tenant(store, "acme")
    with pytest.raises(InvalidInputError) as caught:
        new_tenant(store, "acme")
    assert str(caught.value) == "Tenant 'acme' already exists; choose another slug."


def test_unknown_plan_message(store):
    with pytest.raises(InvalidInputError) as caught:
        new_tenant(store, "acme", plan="gold")
    assert str(caught.value).startswith("Unknown plan 'gold'; use one of: unlimited")


def test_duplicate_plan_message(store):
    with pytest.raises(InvalidInputError):
        create_plan(store, "op", "unlimited", PlanLimits())


def test_negative_limit_message(store):
    with pytest.raises(InvalidInputError) as caught:
        create_plan(store, "op", "odd", PlanLimits(max_users=-1))
    assert "max_users=-1 is negative" in str(caught.value)


def test_set_plan(store):
    create_plan(store, "op", "gold", PlanLimits(max_users=50))
    owner = new_tenant(store, "acme")
    set_tenant_plan(store, "op", "acme", "gold")
    assert get_tenant(owner).max_users == 50


def test_set_plan_unknown_tenant(store):
    with pytest.raises(NotFoundError):
        set_tenant_plan(store, "op", "nope", "unlimited")
