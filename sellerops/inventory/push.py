"""Push planning: the listed stock each SKU and location should show on Flipkart."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

Place = tuple[str, str]
"""A SKU and a seller location id."""


class StockPosition(Protocol):
    """The fields of a stock level that planning reads (the ledger's `StockLevel` has them)."""

    sku: str
    location_id: str
    available: int
    safety_buffer: int | None


@dataclass(frozen=True)
class PushPlan:
    """One listing to set: `quantity` is the target, `listed` what Flipkart shows now."""

    sku: str
    location_id: str
    quantity: int
    available: int
    safety_buffer: int
    listed: int | None


def target_quantity(available: int, safety_buffer: int | None) -> int:
    """Return the stock to list: available minus the safety buffer, never below zero."""
    return max(available - (safety_buffer or 0), 0)


def plan_pushes(
    levels: Iterable[StockPosition], listed: Mapping[Place, int | None]
) -> list[PushPlan]:
    """Return a plan for every level whose listed stock differs from its target, by SKU.

    A place missing from `listed` (or listed as None) is pushed too, because Flipkart's
    figure is unknown.
    """
    plans = []
    for level in levels:
        buffer = level.safety_buffer or 0
        quantity = target_quantity(level.available, buffer)
        now_listed = listed.get((level.sku, level.location_id))
        if now_listed == quantity:
            continue
        plans.append(
            PushPlan(
                sku=level.sku,
                location_id=level.location_id,
                quantity=quantity,
                available=level.available,
                safety_buffer=buffer,
                listed=now_listed,
            )
        )
    return sorted(plans, key=lambda plan: (plan.sku, plan.location_id))
