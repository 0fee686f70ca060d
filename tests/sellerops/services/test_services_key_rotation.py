from dataclasses import replace

import pytest
from cryptography.fernet import Fernet
from factories import account_input, new_tenant

from sellerops.errors import SecretKeyError
from sellerops.models import SellerAccount
from sellerops.security.keyfile import read_key_file
from sellerops.security.secrets import SecretBox
from sellerops.services import add_account, ensure_default_plan, list_accounts, rotate_secret_key


def test_rotation_keeps_secrets_readable(store):
    owner = new_tenant(store, "acme")
    add_account(owner, account_input("main", app_secret="plain-secret-value-123"))
    rotate_secret_key(store, "operator:test")
    assert list_accounts(owner)[0].app_secret_masked == "••••-123"


def test_rotation_key_file_mode(store):
    rotate_secret_key(store, "operator:test")
    assert store.settings.resolved_key_file.stat().st_mode & 0o777 == 0o600


def test_rotation_audited(store):
    report = rotate_secret_key(store, "operator:test")
    assert "now holds only the new key" in report.summary()


def test_environment_key_needs_new_key(store):
    store.settings = replace(store.settings, secret_key=Fernet.generate_key().decode())
    with pytest.raises(SecretKeyError) as caught:
        rotate_secret_key(store, "operator:test")
    assert "SELLEROPS_NEW_SECRET_KEY" in str(caught.value)


def test_environment_key_rotated(bare_store):
    store = bare_store
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    store.settings = replace(store.settings, secret_key=old_key)
    store.secrets = SecretBox([old_key], source="SELLEROPS_SECRET_KEY")
    ensure_default_plan(store, "operator:test")
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input("main", app_secret="plain-secret-value-123"))

    report = rotate_secret_key(store, "operator:test", new_key=new_key)

    with store.operator_read() as session:
        encrypted = session.get_one(SellerAccount, account.id).app_secret_encrypted
    assert Fernet(new_key).decrypt(encrypted.encode()) == b"plain-secret-value-123"
    assert "Set SELLEROPS_SECRET_KEY to the new key" in report.summary()


def test_failed_rotation_keeps_old_key(store):
    owner = new_tenant(store, "acme")
    add_account(owner, account_input("main"))
    stranger = SecretBox([Fernet.generate_key().decode()], source="elsewhere")
    account = add_account(owner, account_input("other"))
    with store.operator_write() as session:
        session.get_one(SellerAccount, account.id).app_secret_encrypted = stranger.encrypt("x")
    old_key = read_key_file(store.settings.resolved_key_file)[0]

    with pytest.raises(SecretKeyError):
        rotate_secret_key(store, "operator:test")

    assert old_key in read_key_file(store.settings.resolved_key_file)
