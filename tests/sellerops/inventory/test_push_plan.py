"""plan_pushes: the listed stock each SKU and location should show."""

from dataclasses import dataclass

import pytest

from sellerops.inventory.push import plan_pushes, target_quantity


@dataclass(frozen=True)
class Level:
    sku: str
    location_id: str
    available: int
    safety_buffer: int | None


@pytest.mark.parametrize(
    ("available", "buffer", "expected"),
    [(10, 0, 10), (10, 3, 7), (3, 3, 0), (2, 5, 0), (-4, 0, 0), (5, None, 5)],
)
def test_target_quantity(available, buffer, expected):
    assert target_quantity(available, buffer) == expected


def test_plan_subtracts_buffer():
    (plan,) = plan_pushes([Level("A", "L1", 10, 2)], {("A", "L1"): 40})

    assert plan.quantity == 8
    assert plan.listed == 40
    assert plan.available == 10
    assert plan.safety_buffer == 2


def test_plan_floors_at_zero():
    (plan,) = plan_pushes([Level("A", "L1", -3, 2)], {("A", "L1"): 1})

    assert plan.quantity == 0


def test_plan_skips_equal_listing():
    assert plan_pushes([Level("A", "L1", 10, 2)], {("A", "L1"): 8}) == []


def test_plan_pushes_unknown_listing():
    (plan,) = plan_pushes([Level("A", "L1", 4, 0)], {})

    assert plan.listed is None
    assert plan.quantity == 4


def test_plans_sorted_by_sku_and_location():
    levels = [Level("B", "L1", 1, 0), Level("A", "L2", 1, 0), Level("A", "L1", 1, 0)]

    plans = plan_pushes(levels, {})

    assert [(plan.sku, plan.location_id) for plan in plans] == [
        ("A", "L1"),
        ("A", "L2"),
        ("B", "L1"),
    ]
