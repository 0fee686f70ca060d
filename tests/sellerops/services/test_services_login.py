from datetime import timedelta

import pytest
from factories import PASSWORD, member, new_tenant
from sqlalchemy import select

from sellerops.errors import InvalidInputError, LoginError, NotFoundError
from sellerops.models import AuditEntry, User, utc_now
from sellerops.services import change_own_password, disable_user, enable_user, login


class Clock:
    def __init__(self):
        self.now = utc_now()

    def __call__(self):
        return self.now


def fail(store, email, clock, times=1):
    for _ in range(times):
        with pytest.raises(LoginError):
            login(store, "acme", email, "wrong password", now=clock)


def test_login_returns_actor(store):
    owner = new_tenant(store, "acme")
    assert login(store, "acme", "OWNER@acme.example", PASSWORD).user_id == owner.user_id


def test_wrong_password_message(store):
    new_tenant(store, "acme")
    with pytest.raises(LoginError) as caught:
        login(store, "acme", "owner@acme.example", "not the password")
    assert str(caught.value) == (
        "Login failed for 'owner@acme.example' in tenant 'acme': wrong email or password; "
        "check both (the user is locked after 5 failures in a row)."
    )


def test_unknown_email_same_message(store):
    new_tenant(store, "acme")
    with pytest.raises(LoginError) as caught:
        login(store, "acme", "nobody@acme.example", PASSWORD)
    assert "wrong email or password" in str(caught.value)


def test_unknown_tenant_message(store):
    with pytest.raises(NotFoundError) as caught:
        login(store, "nope", "owner@nope.example", PASSWORD)
    assert str(caught.value) == "No tenant 'nope'; create it with `sellerops tenant create nope`."


def test_fifth_failure_locks(store):
    new_tenant(store, "acme")
    clock = Clock()
    fail(store, "owner@acme.example", clock, times=5)
    with pytest.raises(LoginError) as caught:
        login(store, "acme", "owner@acme.example", PASSWORD, now=clock)
    assert "is locked until" in str(caught.value)


def test_locked_wrong_password_hides_lock(store):
    new_tenant(store, "acme")
    clock = Clock()
    fail(store, "owner@acme.example", clock, times=6)
    with pytest.raises(LoginError) as caught:
        login(store, "acme", "owner@acme.example", "wrong password", now=clock)
    assert "wrong email or password" in str(caught.value)
    assert "locked until" not in str(caught.value)


def test_disabled_wrong_password_hides_state(store):
    owner = new_tenant(store, "acme")
    packer = member(owner, "packer")
    disable_user(owner, packer.email)
    with pytest.raises(LoginError) as caught:
        login(store, "acme", packer.email, "wrong password")
    assert "wrong email or password" in str(caught.value)
    assert "disabled" not in str(caught.value)


@pytest.mark.parametrize(
    "email",
    ["a" * 300 + "@acme.example", "a\x00b@acme.example", "a\x01b@acme.example"],
    ids=["long", "nul", "control"],
)
def test_unusable_email_fails_normally(store, email):
    new_tenant(store, "acme")
    with pytest.raises(LoginError) as caught:
        login(store, "acme", email, PASSWORD)
    assert "wrong email or password" in str(caught.value)
    with store.operator_read() as session:
        labels = session.scalars(
            select(AuditEntry.actor_label).where(AuditEntry.result == "failed")
        ).all()
    assert labels == [f"user:<invalid email of {len(email)} characters>"]


def test_nul_tenant_slug_rejected(store):
    with pytest.raises(InvalidInputError) as caught:
        login(store, "ac\x00me", "owner@acme.example", PASSWORD)
    assert "tenant slug contains a control character" in str(caught.value)


def test_huge_password_counts_failure(store):
    new_tenant(store, "acme")
    with pytest.raises(LoginError):
        login(store, "acme", "owner@acme.example", "x" * 2_000_000)
    with store.operator_read() as session:
        failures = session.scalar(select(User.failed_logins))
    assert failures == 1


def test_locked_refuses_right_password(store):
    new_tenant(store, "acme")
    clock = Clock()
    fail(store, "owner@acme.example", clock, times=5)
    clock.now += timedelta(minutes=14)
    with pytest.raises(LoginError) as caught:
        login(store, "acme", "owner@acme.example", PASSWORD, now=clock)
    message = str(caught.value)
    assert "'owner@acme.example' is locked until" in message
    assert "sellerops user enable owner@acme.example" in message


def test_expired_lockout_allows_login(store):
    owner = new_tenant(store, "acme")
    clock = Clock()
    fail(store, "owner@acme.example", clock, times=5)
    clock.now += timedelta(minutes=15)
    assert login(store, "acme", "owner@acme.example", PASSWORD, now=clock).user_id == owner.user_id


def test_expired_lockout_restarts_count(store):
    new_tenant(store, "acme")
    clock = Clock()
    fail(store, "owner@acme.example", clock, times=5)
    clock.now += timedelta(minutes=16)
    fail(store, "owner@acme.example", clock, times=1)
    with store.operator_read() as session:
        user = session.scalars(select(User).where(User.email == "owner@acme.example")).one()
    assert user.failed_logins == 1


def test_success_resets_failures(store):
    new_tenant(store, "acme")
    clock = Clock()
    fail(store, "owner@acme.example", clock, times=4)
    login(store, "acme", "owner@acme.example", PASSWORD, now=clock)
    fail(store, "owner@acme.example", clock, times=4)
    assert login(store, "acme", "owner@acme.example", PASSWORD, now=clock)


def test_lockout_settings_configurable(store):
    from dataclasses import replace

    store.settings = replace(store.settings, max_failed_logins=2, lockout=timedelta(minutes=1))
    new_tenant(store, "acme")
    clock = Clock()
    fail(store, "owner@acme.example", clock, times=2)
    with pytest.raises(LoginError):
        login(store, "acme", "owner@acme.example", PASSWORD, now=clock)
    clock.now += timedelta(minutes=1)
    assert login(store, "acme", "owner@acme.example", PASSWORD, now=clock)


def test_enable_clears_lockout(store):
    owner = new_tenant(store, "acme")
    packer = member(owner, "packer")
    clock = Clock()
    fail(store, packer.email, clock, times=5)
    enable_user(owner, packer.email)
    assert login(store, "acme", packer.email, PASSWORD, now=clock)


def test_disabled_user_cannot_login(store):
    owner = new_tenant(store, "acme")
    packer = member(owner, "packer")
    disable_user(owner, packer.email)
    with pytest.raises(LoginError) as caught:
        login(store, "acme", packer.email, PASSWORD)
    assert "is disabled" in str(caught.value)


def test_failed_logins_audited(store):
    new_tenant(store, "acme")
    fail(store, "owner@acme.example", Clock(), times=2)
    with store.operator_read() as session:
        results = session.scalars(
            select(AuditEntry.result).where(AuditEntry.action == "user.login")
        ).all()
    assert results == ["succeeded", "failed", "failed"]


def test_audit_never_holds_password(store):
    new_tenant(store, "acme")
    with pytest.raises(LoginError):
        login(store, "acme", "owner@acme.example", "typed-secret-xyz")
    with store.operator_read() as session:
        rows = session.execute(select(AuditEntry.detail_json, AuditEntry.object_id)).all()
    text = repr(rows)
    assert "typed-secret-xyz" not in text
    assert PASSWORD not in text


def test_change_own_password(store):
    owner = new_tenant(store, "acme")
    change_own_password(owner, PASSWORD, "a brand new password")
    assert login(store, "acme", owner.email, "a brand new password")


def test_change_password_wrong_current(store):
    owner = new_tenant(store, "acme")
    with pytest.raises(LoginError) as caught:
        change_own_password(owner, "not it at all", "a brand new password")
    assert "current password" in str(caught.value)


def test_change_password_guesses_lock(store):
    owner = new_tenant(store, "acme")
    clock = Clock()
    for _ in range(5):
        with pytest.raises(LoginError):
            change_own_password(owner, "not it at all", "a brand new password", now=clock)
    with pytest.raises(LoginError) as caught:
        change_own_password(owner, PASSWORD, "a brand new password", now=clock)
    assert "is locked until" in str(caught.value)


def test_change_password_failure_audited(store):
    owner = new_tenant(store, "acme")
    with pytest.raises(LoginError):
        change_own_password(owner, "not it at all", "a brand new password")
    with store.operator_read() as session:
        results = session.scalars(
            select(AuditEntry.result).where(AuditEntry.action == "user.change_own_password")
        ).all()
    assert results == ["failed"]
