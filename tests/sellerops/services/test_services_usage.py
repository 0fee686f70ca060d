from datetime import UTC, datetime

import pytest
from factories import account_input, new_tenant

from sellerops.errors import PlanLimitError
from sellerops.services import PlanLimits, add_account, create_plan, monthly_usage, record_orders
from sellerops.services.usage import order_month

MARCH = datetime(2026, 3, 10, tzinfo=UTC)


def test_order_month_in_india():
    assert order_month(datetime(2026, 3, 31, 20, 0, tzinfo=UTC)) == "2026-04"


def test_repeated_orders_counted_once(store):
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input())
    record_orders(owner, account.id, [("OD1", MARCH), ("OD2", MARCH)])
    assert record_orders(owner, account.id, [("OD2", MARCH), ("OD3", MARCH)]) == 1
    assert monthly_usage(owner, "2026-03").orders == 3


def test_order_limit_message(store):
    create_plan(store, "operator:test", "tiny", PlanLimits(max_orders_per_month=2))
    owner = new_tenant(store, "acme", plan="tiny")
    account = add_account(owner, account_input())
    record_orders(owner, account.id, [("OD1", MARCH)])
    with pytest.raises(PlanLimitError) as caught:
        record_orders(owner, account.id, [("OD2", MARCH), ("OD3", MARCH)])
    assert str(caught.value).startswith(
        "Plan 'tiny' allows 2 orders in 2026-03 and tenant 'acme' has 1 (adding 2); "
        "wait for the next month"
    )


def test_refused_batch_records_nothing(store):
    create_plan(store, "operator:test", "tiny", PlanLimits(max_orders_per_month=2))
    owner = new_tenant(store, "acme", plan="tiny")
    account = add_account(owner, account_input())
    with pytest.raises(PlanLimitError):
        record_orders(owner, account.id, [("OD1", MARCH), ("OD2", MARCH), ("OD3", MARCH)])
    assert monthly_usage(owner, "2026-03").orders == 0


def test_unlimited_plan_no_limit(store):
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input())
    orders = [(f"OD{number}", MARCH) for number in range(50)]
    assert record_orders(owner, account.id, orders) == 50
    assert monthly_usage(owner, "2026-03").limit is None
