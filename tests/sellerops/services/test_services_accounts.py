from datetime import timedelta

import pytest
from factories import account_input, gstin, new_tenant
from sqlalchemy import select

from ingestion.client import Token
from sellerops.accounts.validation import gstin_check_character
from sellerops.errors import InvalidInputError, PermissionDeniedError, PlanLimitError
from sellerops.models import AuditEntry, SellerAccount, utc_now
from sellerops.services import (
    PlanLimits,
    add_account,
    build_client,
    create_plan,
    deactivate_account,
    list_accounts,
    update_credentials,
)
from sellerops.services.token_store import EncryptedTokenStore


def test_secret_encrypted_at_rest(store):
    owner = new_tenant(store, "acme")
    view = add_account(owner, account_input("main", app_secret="plain-secret-value-123"))
    with store.operator_read() as session:
        row = session.get_one(SellerAccount, view.id)
    assert "plain-secret-value-123" not in row.app_secret_encrypted
    assert store.secrets.decrypt(row.app_secret_encrypted) == "plain-secret-value-123"


def test_secret_masked_in_view(store):
    owner = new_tenant(store, "acme")
    view = add_account(owner, account_input("main", app_secret="plain-secret-value-123"))
    assert view.app_secret_masked == "••••-123"


def test_secret_not_in_repr(store):
    owner = new_tenant(store, "acme")
    data = account_input("main", app_secret="plain-secret-value-123")
    assert "plain-secret-value-123" not in repr(data)
    assert "plain-secret-value-123" not in repr(add_account(owner, data))


def test_secret_not_in_audit(store):
    owner = new_tenant(store, "acme")
    add_account(owner, account_input("main", app_secret="plain-secret-value-123"))
    with store.operator_read() as session:
        details = session.scalars(select(AuditEntry.detail_json)).all()
    assert not any("plain-secret-value-123" in detail for detail in details)


def test_secret_not_logged(store, caplog):
    caplog.set_level("DEBUG")
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input("main", app_secret="plain-secret-value-123"))
    build_client(owner, account.id).close()
    assert "plain-secret-value-123" not in caplog.text


def test_duplicate_account_name(store):
    owner = new_tenant(store, "acme")
    add_account(owner, account_input("main"))
    with pytest.raises(InvalidInputError) as caught:
        add_account(owner, account_input("main"))
    assert "'main' already exists in tenant 'acme'" in str(caught.value)


def test_several_accounts_per_tenant(store):
    owner = new_tenant(store, "acme")
    add_account(owner, account_input("main"))
    add_account(owner, account_input("second", gstin=gstin("27"), state_code="27"))
    assert [account.name for account in list_accounts(owner)] == ["main", "second"]


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"environment": "prod"}, "Unknown environment 'prod'"),
        ({"gstin": "29ABCDE1234F1Z"}, "GSTIN '29ABCDE1234F1Z' is malformed"),
        ({"gstin": gstin("27")}, "belongs to state code 27, not 29"),
        ({"state_code": "K"}, "State code 'K' is not two digits"),
        ({"location_ids": ["WH-1"]}, "Location id 'WH-1' is malformed"),
        ({"base_url": "http://127.0.0.1:1"}, "only used with the 'local' environment"),
        ({"name": " "}, "account name is empty"),
        ({"app_secret": ""}, "app secret is empty"),
    ],
)
def test_account_input_errors(store, overrides, named):
    owner = new_tenant(store, "acme")
    with pytest.raises(InvalidInputError) as caught:
        add_account(owner, account_input(**{"name": "main", **overrides}))
    assert named in str(caught.value)
    assert "\n" not in str(caught.value)


def test_gstin_check_character_wrong(store):
    owner = new_tenant(store, "acme")
    good = gstin()
    wrong = good[:14] + ("A" if good[14] != "A" else "B")
    with pytest.raises(InvalidInputError) as caught:
        add_account(owner, account_input("main", gstin=wrong))
    assert "wrong check character" in str(caught.value)


def test_gstin_known_example():
    assert gstin_check_character("27AAPFU0939F1Z") == "V"


def test_account_limit_message(store):
    create_plan(store, "operator:test", "solo", PlanLimits(max_accounts=1))
    owner = new_tenant(store, "acme", plan="solo")
    add_account(owner, account_input("main"))
    with pytest.raises(PlanLimitError) as caught:
        add_account(owner, account_input("second"))
    assert str(caught.value).startswith("Plan 'solo' allows 1 active seller accounts")


def test_deactivated_frees_room(store):
    create_plan(store, "operator:test", "solo", PlanLimits(max_accounts=1))
    owner = new_tenant(store, "acme", plan="solo")
    deactivate_account(owner, add_account(owner, account_input("main")).id)
    assert add_account(owner, account_input("second")).is_active


def test_deactivated_account_no_client(store):
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input("main"))
    deactivate_account(owner, account.id)
    with pytest.raises(InvalidInputError) as caught:
        build_client(owner, account.id)
    assert "deactivated" in str(caught.value)


def test_update_credentials_drops_token(store):
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input("main"))
    with store.write(owner.tenant_id) as session:
        session.get_one(SellerAccount, account.id).token_encrypted = store.secrets.encrypt("{}")
    view = update_credentials(owner, account.id, "app-2", "another-secret-12345")
    assert (view.app_id, view.has_token) == ("app-2", False)


def test_deactivated_account_token_refused(store):
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input("main"))
    tokens = EncryptedTokenStore(store, owner.tenant_id, account.id)
    tokens.save(Token("first-token", utc_now() + timedelta(hours=1)))
    deactivate_account(owner, account.id)

    assert tokens.load() is None
    with pytest.raises(PermissionDeniedError):
        tokens.save(Token("renewed-token", utc_now() + timedelta(hours=1)))
    with store.operator_read() as session:
        assert session.get_one(SellerAccount, account.id).token_encrypted is None
