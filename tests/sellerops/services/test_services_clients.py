"""The client factory against the local sandbox server (a real HTTP process on 127.0.0.1)."""

import json
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet, InvalidToken
from factories import new_tenant

from ingestion.client import ShipmentFilter
from ingestion.sandbox.server.runner import SandboxServer
from sellerops.accounts.validation import AccountInput
from sellerops.models import SellerAccount
from sellerops.security.keyfile import read_key_file
from sellerops.services import add_account, build_client, rotate_secret_key


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(seed=5, sellers=2, orders_per_day=5, history_days=5, speed=0) as server:
        yield server


def sandbox_account(owner, sandbox, index):
    seller = sandbox.credentials()[index]
    return add_account(
        owner,
        AccountInput(
            name=f"seller-{index}",
            environment="local",
            base_url=sandbox.base_url,
            app_id=seller["app_id"],
            app_secret=seller["app_secret"],
            gstin=seller["gstin"],
            state_code=seller["state_code"],
            state=seller["state"],
            location_ids=seller["location_ids"],
        ),
    )


def call_api(owner, account_id):
    with build_client(owner, account_id) as client:
        next(client.shipments.filter_pages(ShipmentFilter(type="preDispatch")))
        return client.tokens.get().access_token


def stored_token(store, account_id):
    with store.operator_read() as session:
        encrypted = session.get_one(SellerAccount, account_id).token_encrypted
    return json.loads(store.secrets.decrypt(encrypted))["access_token"]


def token_grants(sandbox):
    return sum(sum(codes.values()) for codes in sandbox.stats()["token_grants"].values())


def test_client_authenticates(store, sandbox):
    owner = new_tenant(store, "acme")
    account = sandbox_account(owner, sandbox, 0)
    assert call_api(owner, account.id) == stored_token(store, account.id)


def test_token_cached_across_clients(store, sandbox):
    owner = new_tenant(store, "acme")
    account = sandbox_account(owner, sandbox, 0)
    first = call_api(owner, account.id)
    grants = token_grants(sandbox)
    assert call_api(owner, account.id) == first
    assert token_grants(sandbox) == grants


def test_token_encrypted_at_rest(store, sandbox):
    owner = new_tenant(store, "acme")
    account = sandbox_account(owner, sandbox, 0)
    token = call_api(owner, account.id)
    with store.operator_read() as session:
        row = session.get_one(SellerAccount, account.id)
    assert token not in row.token_encrypted


def test_each_account_own_token(store, sandbox):
    owner = new_tenant(store, "acme")
    first = sandbox_account(owner, sandbox, 0)
    second = sandbox_account(owner, sandbox, 1)
    first_token = call_api(owner, first.id)
    second_token = call_api(owner, second.id)
    assert first_token != second_token
    assert stored_token(store, first.id) == first_token
    assert stored_token(store, second.id) == second_token


def test_rotation_retires_old_key(store, sandbox):
    owner = new_tenant(store, "acme")
    account = sandbox_account(owner, sandbox, 0)
    call_api(owner, account.id)
    old_key = read_key_file(store.settings.resolved_key_file)[0]

    report = rotate_secret_key(store, "operator:test")

    with store.operator_read() as session:
        row = session.get_one(SellerAccount, account.id)
    with pytest.raises(InvalidToken):
        Fernet(old_key).decrypt(row.app_secret_encrypted.encode())
    with pytest.raises(InvalidToken):
        Fernet(old_key).decrypt(row.token_encrypted.encode())
    assert read_key_file(store.settings.resolved_key_file) != [old_key]
    assert (report.secrets, report.tokens) == (1, 1)


def test_client_works_after_rotation(store, sandbox):
    owner = new_tenant(store, "acme")
    account = sandbox_account(owner, sandbox, 0)
    before = call_api(owner, account.id)
    rotate_secret_key(store, "operator:test")
    assert call_api(owner, account.id) == before

    # A revoked token forces a new grant with the app secret decrypted under the new key.
    sandbox.expire_tokens()
    assert call_api(owner, account.id) != before
