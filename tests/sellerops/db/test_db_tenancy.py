import pytest
from factories import account_input, new_tenant
from sqlalchemy import func, select, update

from sellerops.db.tenancy import CrossTenantWriteError
from sellerops.models import SellerAccount, Tenant, User
from sellerops.services import add_account


def test_session_sees_own_rows(store):
    acme = new_tenant(store, "acme")
    new_tenant(store, "globex")
    with store.read(acme.tenant_id) as session:
        users = session.scalars(select(User)).all()
        tenants = session.scalars(select(Tenant)).all()
    assert [user.email for user in users] == ["owner@acme.example"]
    assert [tenant.slug for tenant in tenants] == ["acme"]


def test_get_other_tenant_none(store):
    acme = new_tenant(store, "acme")
    globex = new_tenant(store, "globex")
    with store.read(acme.tenant_id) as session:
        assert session.get(User, globex.user_id) is None


def test_count_scoped(store):
    acme = new_tenant(store, "acme")
    new_tenant(store, "globex")
    with store.read(acme.tenant_id) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1


def test_bulk_update_scoped(store):
    acme = new_tenant(store, "acme")
    globex = new_tenant(store, "globex")
    with store.write(acme.tenant_id) as session:
        session.execute(update(User).values(display_name="renamed"))
    with store.read(globex.tenant_id) as session:
        other = session.get_one(User, globex.user_id)
    assert other.display_name == ""


def test_cross_tenant_insert_refused(store):
    acme = new_tenant(store, "acme")
    globex = new_tenant(store, "globex")
    account = add_account(globex, account_input())
    with pytest.raises(CrossTenantWriteError), store.write(acme.tenant_id) as session:
        session.add(
            SellerAccount(
                tenant_id=globex.tenant_id,
                name="sneaky",
                environment="production",
                app_id="x",
                app_secret_encrypted="x",
                gstin=account.gstin,
                state_code="29",
                state="Karnataka",
            )
        )
