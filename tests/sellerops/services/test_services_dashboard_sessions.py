import json
import logging
from datetime import timedelta

import pytest
from factories import PASSWORD, member, new_tenant
from sqlalchemy import select

from sellerops.errors import LoginError, PermissionDeniedError, SessionEndedError
from sellerops.models import AuditEntry, DashboardSession, utc_now
from sellerops.security.permissions import Role
from sellerops.services import change_own_password, disable_user, set_role
from sellerops.services.dashboard_sessions import (
    TOUCH_INTERVAL,
    end_session,
    hash_token,
    resume_session,
    start_session,
)

TIMEOUT = timedelta(minutes=30)


class Clock:
    def __init__(self):
        self.now = utc_now()

    def __call__(self):
        return self.now


def session_rows(store):
    with store.operator_read() as session:
        return session.scalars(select(DashboardSession).order_by(DashboardSession.created_at)).all()


def audit_rows(store, action):
    with store.operator_read() as session:
        return session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.sequence)
        ).all()


def test_start_returns_token_once(store):
    owner = new_tenant(store, "acme")

    started = start_session(owner, TIMEOUT)

    assert len(started.token) == 43
    assert started.session.actor.user_id == owner.user_id
    assert started.session.role == Role.OWNER
    assert started.session.tenant_slug == "acme"
    assert started.token not in repr(started)


def test_start_stores_only_hash(store):
    owner = new_tenant(store, "acme")

    started = start_session(owner, TIMEOUT)

    [row] = session_rows(store)
    assert row.token_hash == hash_token(started.token)
    assert row.user_id == owner.user_id
    assert row.tenant_id == owner.tenant_id
    with store.operator_read() as session:
        stored = repr(session.execute(select(DashboardSession.__table__)).all())
    assert started.token not in stored


def test_start_disabled_user_refused(store):
    owner = new_tenant(store, "acme")
    packer = member(owner, Role.PACKER)
    disable_user(owner, packer.email)

    with pytest.raises(PermissionDeniedError):
        start_session(packer, TIMEOUT)

    assert session_rows(store) == []


def test_start_deletes_ended_sessions(store):
    owner = new_tenant(store, "acme")
    clock = Clock()
    logged_out = start_session(owner, TIMEOUT, now=clock)
    end_session(store, logged_out.token, now=clock)
    idle = start_session(owner, TIMEOUT, now=clock)
    clock.now += TIMEOUT + timedelta(seconds=1)

    live = start_session(owner, TIMEOUT, now=clock)

    hashes = [row.token_hash for row in session_rows(store)]
    assert hashes == [hash_token(live.token)]
    assert hash_token(idle.token) not in hashes


def test_resume_returns_user_and_role(store):
    owner = new_tenant(store, "acme")
    manager = member(owner, Role.MANAGER)
    started = start_session(manager, TIMEOUT)

    resumed = resume_session(store, started.token, TIMEOUT)

    assert resumed.session_id == started.session.session_id
    assert resumed.actor.user_id == manager.user_id
    assert resumed.actor.tenant_id == manager.tenant_id
    assert resumed.actor.email == manager.email
    assert resumed.role == Role.MANAGER
    assert resumed.tenant_slug == "acme"


def test_resume_finds_own_tenant(store):
    acme = new_tenant(store, "acme")
    globex = new_tenant(store, "globex")
    acme_token = start_session(acme, TIMEOUT).token
    globex_token = start_session(globex, TIMEOUT).token

    assert resume_session(store, acme_token, TIMEOUT).tenant_slug == "acme"
    assert resume_session(store, globex_token, TIMEOUT).tenant_slug == "globex"
    assert resume_session(store, globex_token, TIMEOUT).actor.tenant_id == globex.tenant_id


def test_resume_applies_role_change(store):
    owner = new_tenant(store, "acme")
    viewer = member(owner, Role.VIEWER)
    started = start_session(viewer, TIMEOUT)

    set_role(owner, viewer.email, Role.MANAGER.value)

    assert resume_session(store, started.token, TIMEOUT).role == Role.MANAGER


def test_resume_touches_after_interval(store):
    owner = new_tenant(store, "acme")
    clock = Clock()
    started_at = clock.now
    token = start_session(owner, TIMEOUT, now=clock).token

    clock.now += TOUCH_INTERVAL - timedelta(seconds=1)
    early = resume_session(store, token, TIMEOUT, now=clock)
    assert early.last_seen_at == started_at
    assert session_rows(store)[0].last_seen_at == started_at

    clock.now += timedelta(seconds=1)
    late = resume_session(store, token, TIMEOUT, now=clock)
    assert late.last_seen_at == clock.now
    assert session_rows(store)[0].last_seen_at == clock.now


def test_resume_activity_extends_session(store):
    owner = new_tenant(store, "acme")
    clock = Clock()
    token = start_session(owner, TIMEOUT, now=clock).token

    for _ in range(4):
        clock.now += timedelta(minutes=20)
        resume_session(store, token, TIMEOUT, now=clock)

    assert resume_session(store, token, TIMEOUT, now=clock).actor.user_id == owner.user_id


def test_resume_at_timeout_still_live(store):
    owner = new_tenant(store, "acme")
    clock = Clock()
    token = start_session(owner, TIMEOUT, now=clock).token

    clock.now += TIMEOUT

    assert resume_session(store, token, TIMEOUT, now=clock).actor.user_id == owner.user_id


def test_resume_after_idle_timeout_revokes(store):
    owner = new_tenant(store, "acme")
    clock = Clock()
    token = start_session(owner, TIMEOUT, now=clock).token
    clock.now += TIMEOUT + timedelta(seconds=1)

    with pytest.raises(SessionEndedError) as caught:
        resume_session(store, token, TIMEOUT, now=clock)

    assert str(caught.value) == (
        "Your session ended after 30 minutes without activity; log in again."
    )
    [row] = session_rows(store)
    assert row.revoked_at == clock.now
    assert row.revoke_reason == "idle timeout"


def test_resume_after_expiry_stays_ended(store):
    owner = new_tenant(store, "acme")
    clock = Clock()
    token = start_session(owner, TIMEOUT, now=clock).token
    clock.now += TIMEOUT + timedelta(seconds=1)
    with pytest.raises(SessionEndedError):
        resume_session(store, token, TIMEOUT, now=clock)

    # A longer timeout set afterwards does not bring the session back.
    with pytest.raises(SessionEndedError) as caught:
        resume_session(store, token, timedelta(hours=8), now=clock)

    assert "idle too long" in str(caught.value)


@pytest.mark.parametrize(
    "token",
    ["", "short", "x" * 43 + "y", "a" * 42 + "!", "a" * 42 + "\x00", "é" * 43, "a" * 100_000],
    ids=["empty", "short", "long", "symbol", "nul", "non-ascii", "huge"],
)
def test_resume_malformed_token_rejected(store, token):
    with pytest.raises(SessionEndedError) as caught:
        resume_session(store, token, TIMEOUT)

    assert str(caught.value) == "Your session is no longer valid; log in again."


def test_resume_unknown_token_rejected(store):
    new_tenant(store, "acme")

    with pytest.raises(SessionEndedError) as caught:
        resume_session(store, "A" * 43, TIMEOUT)

    assert "no longer valid" in str(caught.value)


def test_end_session_revokes(store):
    owner = new_tenant(store, "acme")
    token = start_session(owner, TIMEOUT).token

    end_session(store, token)

    with pytest.raises(SessionEndedError) as caught:
        resume_session(store, token, TIMEOUT)
    assert str(caught.value) == "Your session ended because you logged out; log in again."
    assert session_rows(store)[0].revoke_reason == "logout"


def test_end_session_audited(store):
    owner = new_tenant(store, "acme")
    started = start_session(owner, TIMEOUT)

    end_session(store, started.token)
    end_session(store, started.token)

    [entry] = audit_rows(store, "user.logout")
    assert entry.result == "succeeded"
    assert entry.object_id == owner.user_id
    assert entry.actor_label == "user:owner@acme.example"
    assert entry.tenant_id == owner.tenant_id
    assert started.session.session_id in entry.detail_json
    assert started.token not in entry.detail_json


@pytest.mark.parametrize("token", ["", "not a token", "B" * 43])
def test_end_session_unknown_token_ignored(store, token):
    owner = new_tenant(store, "acme")
    live = start_session(owner, TIMEOUT).token

    end_session(store, token)

    assert resume_session(store, live, TIMEOUT).actor.user_id == owner.user_id
    assert audit_rows(store, "user.logout") == []


def test_end_session_leaves_other_sessions(store):
    owner = new_tenant(store, "acme")
    laptop = start_session(owner, TIMEOUT).token
    phone = start_session(owner, TIMEOUT).token

    end_session(store, laptop)

    assert resume_session(store, phone, TIMEOUT).actor.user_id == owner.user_id


def test_disable_user_ends_sessions(store):
    owner = new_tenant(store, "acme")
    packer = member(owner, Role.PACKER)
    tokens = [start_session(packer, TIMEOUT).token for _ in range(2)]
    owner_token = start_session(owner, TIMEOUT).token

    disable_user(owner, packer.email)

    for token in tokens:
        with pytest.raises(SessionEndedError) as caught:
            resume_session(store, token, TIMEOUT)
        assert "your user is disabled" in str(caught.value)
    assert resume_session(store, owner_token, TIMEOUT).actor.user_id == owner.user_id
    [entry] = audit_rows(store, "user.disable")
    assert json.loads(entry.detail_json)["ended_sessions"] == 2


def test_password_change_ends_sessions(store):
    owner = new_tenant(store, "acme")
    manager = member(owner, Role.MANAGER)
    token = start_session(manager, TIMEOUT).token

    change_own_password(manager, PASSWORD, "a brand new password")

    with pytest.raises(SessionEndedError) as caught:
        resume_session(store, token, TIMEOUT)
    assert "your password was changed" in str(caught.value)
    [row] = session_rows(store)
    assert row.revoke_reason == "password changed"


def test_wrong_current_password_keeps_sessions(store):
    owner = new_tenant(store, "acme")
    token = start_session(owner, TIMEOUT).token

    with pytest.raises(LoginError, match="current password"):
        change_own_password(owner, "not it at all", "a brand new password")

    assert resume_session(store, token, TIMEOUT).actor.user_id == owner.user_id


def test_token_never_logged(store, caplog):
    caplog.set_level(logging.DEBUG)
    owner = new_tenant(store, "acme")
    clock = Clock()

    token = start_session(owner, TIMEOUT, now=clock).token
    clock.now += TOUCH_INTERVAL
    resume_session(store, token, TIMEOUT, now=clock)
    end_session(store, token, now=clock)

    assert "Started dashboard session" in caplog.text
    assert token not in caplog.text
    assert hash_token(token) not in caplog.text
