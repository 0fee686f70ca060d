"""Marketplace fees and net profit of one order item under the rate card, in Python.

This mirrors the warehouse's fee model (dbt `int_order_item_fees_estimated`) and the profit
arithmetic of `marts.order_items`, so the price model can price an item at a price it never
sold at. The warehouse stays the reference: tests compare this module with
`marts.order_items` to the paisa on sandbox data, so the two can not drift apart silently.

A rule applies when its category, tier, fulfilment, payment type and zone are `*` or equal the
item's, its dates include the order date (both ends inclusive) and its slab contains the
item's value: slab_min < value <= slab_max, where the value is one unit's price or chargeable
weight and an empty slab_max is open. The applicable rule naming the most columns wins, then
the one that took effect last. Fees round half up to paise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

FEE_TYPES = ("commission", "fixed_fee", "collection_fee", "forward_shipping", "reverse_shipping")
OUTCOMES = ("open", "delivered", "rto", "customer_return", "cancelled")
KEPT_OUTCOMES = ("open", "delivered")
# The warehouse's dbt var gst_on_fees_percent: GST charged on every marketplace fee.
GST_ON_FEES_PERCENT = Decimal("18")
PAISE = Decimal("0.01")
_MATCHED_COLUMNS = ("category", "tier", "fulfilment", "payment_type", "zone")
_WEIGHT_FEES = ("forward_shipping", "reverse_shipping")

# Fees charged per outcome. An RTO pays both shipping legs only, a customer return pays all
# but commission, and a cancelled item pays nothing.
_CHARGED: dict[str, frozenset[str]] = {
    "open": frozenset(FEE_TYPES) - {"reverse_shipping"},
    "delivered": frozenset(FEE_TYPES) - {"reverse_shipping"},
    "rto": frozenset(_WEIGHT_FEES),
    "customer_return": frozenset(FEE_TYPES) - {"commission"},
    "cancelled": frozenset(),
}


@dataclass(frozen=True)
class RateRule:
    """One row of the rate card seed."""

    fee_type: str
    category: str
    tier: str
    fulfilment: str
    payment_type: str
    zone: str
    slab_basis: str  # price | weight_g
    slab_min: Decimal
    slab_max: Decimal | None
    basis: str  # percent | flat
    value: Decimal
    effective_from: date
    effective_to: date | None

    @property
    def named_columns(self) -> int:
        """Return how many of the matched columns the rule names (not `*`)."""
        return sum(getattr(self, column) != "*" for column in _MATCHED_COLUMNS)


@dataclass(frozen=True)
class FeeCase:
    """The inputs of one order item that fees and profit depend on (line amounts in rupees)."""

    category: str
    tier: str
    fulfilment: str  # NON_FBF | FBF
    payment_type: str  # COD | PREPAID
    zone: str  # local | zonal | national
    quantity: int
    selling_price: Decimal  # the line: unit price x quantity
    shipping_charge: Decimal  # charged to the buyer for the line
    unit_weight_g: Decimal  # chargeable weight of one unit
    order_date: date
    outcome: str
    gst_rate: Decimal  # percent of GST included in the order item value
    cost_price: Decimal  # cost of one unit

    @property
    def order_item_value(self) -> Decimal:
        return self.selling_price + self.shipping_charge


@dataclass(frozen=True)
class ItemMoney:
    """Fees, GST on fees, taxable value and net profit of one order item."""

    fees: Mapping[str, Decimal]
    marketplace_fees: Decimal
    gst_on_fees: Decimal
    taxable_value: Decimal
    net_profit: Decimal


def parse_rate_card(rows: Iterable[Mapping[str, Any]]) -> tuple[RateRule, ...]:
    """Build rules from rate card rows (the seed's columns), naming the row of a bad value."""
    rules = []
    for position, row in enumerate(rows, start=1):
        try:
            rules.append(_parse_rule(row))
        except (KeyError, ValueError, ArithmeticError, TypeError) as error:
            raise ValueError(
                f"Rate card row {position} is invalid: {error}; fix the row in "
                "dbt_project/seeds/rate_card.csv."
            ) from error
    return tuple(rules)


def _parse_rule(row: Mapping[str, Any]) -> RateRule:
    fee_type = str(row["fee_type"])
    if fee_type not in FEE_TYPES:
        raise ValueError(f"fee_type {fee_type!r} is not one of {', '.join(FEE_TYPES)}")
    if row["slab_basis"] not in ("price", "weight_g"):
        raise ValueError(f"slab_basis {row['slab_basis']!r} must be price or weight_g")
    if row["basis"] not in ("percent", "flat"):
        raise ValueError(f"basis {row['basis']!r} must be percent or flat")
    return RateRule(
        fee_type=fee_type,
        category=row["category"] or "*",
        tier=row["tier"] or "*",
        fulfilment=row["fulfilment"] or "*",
        payment_type=row["payment_type"] or "*",
        zone=row["zone"] or "*",
        slab_basis=row["slab_basis"],
        slab_min=Decimal(str(row["slab_min"] or 0)),
        slab_max=None if row["slab_max"] in (None, "") else Decimal(str(row["slab_max"])),
        basis=row["basis"],
        value=Decimal(str(row["value"])),
        effective_from=_as_date(row["effective_from"]),
        effective_to=None if row["effective_to"] in (None, "") else _as_date(row["effective_to"]),
    )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def find_rule(rules: Iterable[RateRule], fee_type: str, case: FeeCase) -> RateRule | None:
    """Return the rule of fee_type that applies to case, or None when none does."""
    best: RateRule | None = None
    for rule in rules:
        if (
            rule.fee_type != fee_type
            or rule.category not in ("*", case.category)
            or rule.tier not in ("*", case.tier)
            or rule.fulfilment not in ("*", case.fulfilment)
            or rule.payment_type not in ("*", case.payment_type)
            or rule.zone not in ("*", case.zone)
        ):
            continue
        if case.order_date < rule.effective_from:
            continue
        if rule.effective_to is not None and case.order_date > rule.effective_to:
            continue
        if not _in_slab(rule, case):
            continue
        if best is None or (rule.named_columns, rule.effective_from) > (
            best.named_columns,
            best.effective_from,
        ):
            best = rule
    return best


def _in_slab(rule: RateRule, case: FeeCase) -> bool:
    # Price slabs compare the line with slab x quantity, as the warehouse does, which equals
    # comparing one unit's price without rounding a division.
    if rule.slab_basis == "price":
        value, scale = case.selling_price, case.quantity
    else:
        value, scale = case.unit_weight_g, 1
    if not rule.slab_min * scale < value:
        return False
    return rule.slab_max is None or value <= rule.slab_max * scale


def to_paise(amount: Decimal) -> Decimal:
    """Round rupees half up to paise."""
    return amount.quantize(PAISE, ROUND_HALF_UP)


def item_fees(rules: Iterable[RateRule], case: FeeCase) -> dict[str, Decimal]:
    """Return each fee that the case's outcome pays; a fee with no applicable rule is 0."""
    if case.outcome not in _CHARGED:
        raise ValueError(f"Outcome {case.outcome!r} is invalid; use one of {', '.join(OUTCOMES)}.")
    rules = tuple(rules)
    fees = dict.fromkeys(FEE_TYPES, Decimal("0.00"))
    for fee_type in _CHARGED[case.outcome]:
        rule = find_rule(rules, fee_type, case)
        if rule is None:
            continue
        if rule.basis == "percent":
            fees[fee_type] = to_paise(case.order_item_value * rule.value / 100)
        else:
            fees[fee_type] = to_paise(rule.value * case.quantity)
    return fees


def taxable_value(order_item_value: Decimal, gst_rate: Decimal) -> Decimal:
    """Return the order item value without its GST: value x 100 / (100 + rate), to paise."""
    return to_paise(order_item_value * 100 / (100 + gst_rate))


def item_money(rules: Iterable[RateRule], case: FeeCase) -> ItemMoney:
    """Return fees, GST on fees, taxable value and net profit as marts.order_items has them.

    Net profit is the taxable value of a kept sale (open or delivered) minus marketplace fees,
    GST on fees and the cost of goods of a kept sale. A returned or RTO item comes back to
    stock, so it loses only the fees it paid.
    """
    fees = item_fees(rules, case)
    marketplace_fees = sum(fees.values(), Decimal("0.00"))
    gst_on_fees = to_paise(marketplace_fees * GST_ON_FEES_PERCENT / 100)
    taxable = taxable_value(case.order_item_value, case.gst_rate)
    kept = case.outcome in KEPT_OUTCOMES
    net_profit = (
        (taxable if kept else Decimal("0.00"))
        - marketplace_fees
        - gst_on_fees
        - (case.cost_price * case.quantity if kept else Decimal("0.00"))
    )
    return ItemMoney(fees, marketplace_fees, gst_on_fees, taxable, to_paise(net_profit))
