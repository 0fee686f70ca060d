"""Concurrent check-then-write services on both backends: the count and the write are atomic."""

import threading
import time

import pytest
from factories import PASSWORD, member, new_tenant
from sqlalchemy import event, func, select

from sellerops.errors import (
    InvalidInputError,
    LoginError,
    PermissionDeniedError,
    PlanLimitError,
)
from sellerops.models import User
from sellerops.services import PlanLimits, add_user, create_plan, disable_user, login, set_role

THREADS = 6


@pytest.fixture
def slow_counts(store):
    """Pause after every COUNT query, so that unserialized callers would all count first."""

    def pause(_connection, _cursor, statement, *_args):
        if "count(" in statement.lower():
            time.sleep(0.3)

    event.listen(store.engine, "after_cursor_execute", pause)
    yield
    event.remove(store.engine, "after_cursor_execute", pause)


def run_together(calls):
    """Run every call in its own thread behind a barrier; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def active_owners(store):
    with store.operator_read() as session:
        statement = select(func.count(User.id)).where(
            User.role == "owner", User.is_active.is_(True)
        )
        return session.scalar(statement)


@pytest.mark.parametrize("change", ["set_role", "disable"])
def test_two_owners_keep_one(store, slow_counts, change):
    first = new_tenant(store, "acme")
    second = member(first, "owner", name="second")

    def demote(actor, email):
        if change == "set_role":
            return lambda: set_role(actor, email, "viewer")
        return lambda: disable_user(actor, email)

    outcomes = run_together([demote(first, second.email), demote(second, first.email)])

    # The later call fails either at the owner check or, if the first one already demoted its
    # actor, at the permission check.
    refused = [
        item for item in outcomes if isinstance(item, InvalidInputError | PermissionDeniedError)
    ]
    assert len(refused) == 1, outcomes
    assert active_owners(store) == 1


def test_parallel_failures_lock_user(store):
    new_tenant(store, "acme")
    email = "owner@acme.example"
    calls = [lambda: login(store, "acme", email, "wrong password") for _ in range(THREADS)]

    outcomes = run_together(calls)

    assert all(isinstance(item, LoginError) for item in outcomes)
    with store.operator_read() as session:
        user = session.scalars(select(User)).one()
    # Five failures lock the user and restart the count; the sixth finds the user locked.
    assert user.locked_until is not None
    assert user.failed_logins == 0
    with pytest.raises(LoginError) as caught:
        login(store, "acme", email, PASSWORD)
    assert "is locked until" in str(caught.value)


def test_parallel_adds_respect_plan(store, slow_counts):
    create_plan(store, "operator:test", "small", PlanLimits(max_users=2))
    owner = new_tenant(store, "acme", plan="small")
    calls = [
        (lambda i=i: add_user(owner, f"user{i}@acme.example", "viewer", PASSWORD))
        for i in range(THREADS)
    ]

    outcomes = run_together(calls)

    refused = [item for item in outcomes if isinstance(item, PlanLimitError)]
    assert len(refused) == THREADS - 1, outcomes
    with store.operator_read() as session:
        assert session.scalar(select(func.count(User.id))) == 2
