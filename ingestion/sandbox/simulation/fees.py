"""Marketplace fees of an order item under an effective-dated rate card (the sandbox's own oracle).

The card is a long-form CSV, one rule per row. A rule applies when every dimension matches
(`*` matches anything) and the item's value lies in the slab: slab_min < value <= slab_max, where
an empty slab_max is open. The order date must also lie within effective_from..effective_to,
both inclusive, where an empty effective_to is open. When several rules apply, the one with the
fewest `*` wins, and a fee with no applicable rule is zero. This module imports nothing outside
the sandbox, so it stays an independent check of the warehouse's fee models.
"""

import csv
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .config import IST
from .records import Item, Shipment

FEE_TYPES = ("commission", "fixed_fee", "collection_fee", "forward_shipping", "reverse_shipping")
GST_ON_FEES = Decimal("0.18")
PAISE = Decimal("0.01")
VOLUMETRIC_DIVISOR_CM3_PER_KG = 5000
DEFAULT_RATE_CARD = Path(__file__).resolve().parents[3] / "dbt_project" / "seeds" / "rate_card.csv"
_MATCHED_COLUMNS = ("category", "tier", "fulfilment", "payment_type", "zone")


@dataclass(frozen=True)
class RateRule:
    """One row of the rate card."""

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

    def specificity(self) -> int:
        return sum(getattr(self, column) != "*" for column in _MATCHED_COLUMNS)


@dataclass(frozen=True)
class FeeInput:
    """The attributes of one order item that fee rules match on."""

    category: str
    tier: str
    fulfilment: str  # NON_FBF | FBF
    payment_type: str  # COD | PREPAID
    zone: str  # local | zonal | national
    unit_price: Decimal
    quantity: int
    shipping_charge: Decimal  # charged to the buyer for the whole line
    unit_weight_g: Decimal  # chargeable weight of one unit
    order_date: date
    outcome: str  # open | delivered | rto | customer_return | cancelled


def chargeable_weight_g(
    dead_weight_g: float, length_cm: float, breadth_cm: float, height_cm: float
) -> Decimal:
    """Return max(dead weight, L x B x H / 5000 kg) in grams."""
    volumetric_g = (
        Decimal(str(length_cm))
        * Decimal(str(breadth_cm))
        * Decimal(str(height_cm))
        * 1000
        / VOLUMETRIC_DIVISOR_CM3_PER_KG
    )
    return max(Decimal(str(dead_weight_g)), volumetric_g)


def load_rate_card(path: Path | None = None) -> list[RateRule]:
    """Read the rate card CSV, raising ValueError that names the line of any malformed value."""
    path = Path(path) if path is not None else DEFAULT_RATE_CARD
    rules = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line_number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                rules.append(_parse_rule(row))
            except (KeyError, ValueError, ArithmeticError) as error:
                raise ValueError(f"{path} line {line_number}: {error}") from error
    return rules


def _parse_rule(row: dict) -> RateRule:
    if row["fee_type"] not in FEE_TYPES:
        raise ValueError(f"fee_type {row['fee_type']!r} is not one of {', '.join(FEE_TYPES)}")
    if row["slab_basis"] not in ("price", "weight_g"):
        raise ValueError(f"slab_basis {row['slab_basis']!r} must be price or weight_g")
    if row["basis"] not in ("percent", "flat"):
        raise ValueError(f"basis {row['basis']!r} must be percent or flat")
    return RateRule(
        fee_type=row["fee_type"],
        category=row["category"] or "*",
        tier=row["tier"] or "*",
        fulfilment=row["fulfilment"] or "*",
        payment_type=row["payment_type"] or "*",
        zone=row["zone"] or "*",
        slab_basis=row["slab_basis"],
        slab_min=Decimal(row["slab_min"] or "0"),
        slab_max=Decimal(row["slab_max"]) if row["slab_max"] else None,
        basis=row["basis"],
        value=Decimal(row["value"]),
        effective_from=date.fromisoformat(row["effective_from"]),
        effective_to=date.fromisoformat(row["effective_to"]) if row["effective_to"] else None,
    )


def find_rule(card: list[RateRule], fee_type: str, item: FeeInput) -> RateRule | None:
    """Return the most specific rule of fee_type that applies to item, or None."""
    slab_value = (
        item.unit_price
        if fee_type not in ("forward_shipping", "reverse_shipping")
        else item.unit_weight_g
    )
    item_values = {
        "category": item.category,
        "tier": item.tier,
        "fulfilment": item.fulfilment,
        "payment_type": item.payment_type,
        "zone": item.zone,
    }
    best: RateRule | None = None
    for rule in card:
        if rule.fee_type != fee_type:
            continue
        if any(
            getattr(rule, column) not in ("*", item_values[column]) for column in _MATCHED_COLUMNS
        ):
            continue
        if not rule.slab_min < slab_value or (
            rule.slab_max is not None and slab_value > rule.slab_max
        ):
            continue
        if item.order_date < rule.effective_from:
            continue
        if rule.effective_to is not None and item.order_date > rule.effective_to:
            continue
        if best is None or rule.specificity() > best.specificity():
            best = rule
    return best


def _amount(rule: RateRule | None, base: Decimal, units: int) -> Decimal:
    if rule is None:
        return Decimal("0.00")
    if rule.basis == "percent":
        return (base * rule.value / 100).quantize(PAISE, ROUND_HALF_UP)
    return (rule.value * units).quantize(PAISE, ROUND_HALF_UP)


def compute_fees(card: list[RateRule], item: FeeInput) -> dict[str, Decimal]:
    """Return each fee charged for the item's outcome, GST at 18 % on them, and their total.

    A cancelled item pays nothing. An RTO pays forward and reverse shipping, because commission
    and collection fee are refunded and the fixed fee is waived. A customer return pays the fixed
    fee, the collection fee and both shipping legs, because only commission is refunded. A
    delivered or open item pays every fee of a sale except reverse shipping.
    """
    order_value = item.unit_price * item.quantity + item.shipping_charge
    fees = {fee_type: Decimal("0.00") for fee_type in FEE_TYPES}

    if item.outcome != "cancelled":
        charged = {
            "commission": item.outcome not in ("rto", "customer_return"),
            "fixed_fee": item.outcome != "rto",
            "collection_fee": item.outcome != "rto",
            "forward_shipping": True,
            "reverse_shipping": item.outcome in ("rto", "customer_return"),
        }
        for fee_type, is_charged in charged.items():
            if is_charged:
                rule = find_rule(card, fee_type, item)
                fees[fee_type] = _amount(rule, order_value, item.quantity)

    subtotal = sum(fees.values(), Decimal("0.00"))
    fees["gst_on_fees"] = (subtotal * GST_ON_FEES).quantize(PAISE, ROUND_HALF_UP)
    fees["total"] = subtotal + fees["gst_on_fees"]
    return fees


def fee_input(shipment: Shipment, item: Item, tier: str, outcome: str) -> FeeInput:
    """Build the rate-card inputs of a simulated order item; an open item pays as delivered."""
    product = item.product
    length, breadth, height = product.size_cm
    return FeeInput(
        category=product.category.key,
        tier=tier,
        fulfilment="NON_FBF",
        payment_type=shipment.order.payment_type,
        zone=shipment.zone,
        unit_price=Decimal(item.unit_price),
        quantity=item.quantity,
        shipping_charge=Decimal(item.shipping_charge),
        unit_weight_g=chargeable_weight_g(product.weight_g, length, breadth, height),
        order_date=datetime.fromtimestamp(shipment.order_date, IST).date(),
        outcome="delivered" if outcome == "open" else outcome,
    )
