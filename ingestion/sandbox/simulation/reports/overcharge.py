"""Overcharges the sandbox plants in its report files: one fee per chosen order item.

An item is overcharged when a SHA-256 fraction of the seed and its id falls below the requested
share, so the choice depends on nothing else. Its overcharge is one of the mistakes sellers
dispute, each priced with the same rate card as the true fees: a commission rate, fixed fee or
weight slab of the next slab up, a reverse shipping charge at the rate of a farther zone, or a
commission or fixed fee charged where the rules refund or waive it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from ..fees import GST_ON_FEES, PAISE, FeeInput, RateRule, compute_fees, find_rule

# Zones in order of distance; a wrong-zone charge uses the next one.
ZONES = ("local", "zonal", "national")

# One rupee above a slab's upper bound lies in the next slab (the card's bounds are whole rupees
# and whole grams).
NEXT_SLAB_STEP = Decimal(1)


@dataclass(frozen=True)
class Overcharge:
    """One fee charged above the rate card, with the expected and the charged amount (rupees)."""

    fee_type: str
    reason: str
    expected: Decimal
    charged: Decimal

    @property
    def difference(self) -> Decimal:
        """Amount charged above the rate card."""
        return self.charged - self.expected


def hash_fraction(seed: int, order_item_id: str, purpose: str) -> float:
    """Return a fraction in [0, 1) fixed by the seed, the order item and the purpose."""
    text = f"sellerops-sandbox:{seed}:{purpose}:{order_item_id}"
    digest = hashlib.sha256(text.encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def choose_overcharge(
    card: list[RateRule],
    item: FeeInput,
    expected: dict[str, Decimal],
    *,
    seed: int,
    order_item_id: str,
    share: float,
) -> Overcharge | None:
    """Return the overcharge of an order item, or None when it is charged by the card.

    Items with no plausible overcharge (a cancelled item, a national return already at the
    top slab) stay correct, so the share overcharged can fall a little below `share`.
    """
    if hash_fraction(seed, order_item_id, "overcharge") >= share:
        return None

    candidates = [
        overcharge
        for overcharge in _candidates(card, item, expected)
        if overcharge.charged > overcharge.expected
    ]
    if not candidates:
        return None

    pick = hash_fraction(seed, order_item_id, "overcharge-kind")
    return candidates[int(pick * len(candidates))]


def charged_fees(expected: dict[str, Decimal], overcharge: Overcharge | None) -> dict[str, Decimal]:
    """Return the fees as charged: the expected ones with the overcharge applied, GST redone."""
    if overcharge is None:
        return dict(expected)

    fees = dict(expected)
    fees[overcharge.fee_type] = overcharge.charged
    subtotal = sum((fees[name] for name in _fee_names(expected)), Decimal("0.00"))
    fees["gst_on_fees"] = (subtotal * GST_ON_FEES).quantize(PAISE, ROUND_HALF_UP)
    fees["total"] = subtotal + fees["gst_on_fees"]
    return fees


def _fee_names(fees: dict[str, Decimal]) -> list[str]:
    return [name for name in fees if name not in ("gst_on_fees", "total")]


def _candidates(
    card: list[RateRule], item: FeeInput, expected: dict[str, Decimal]
) -> list[Overcharge]:
    outcome = item.outcome
    if outcome == "cancelled":
        return []

    found: list[Overcharge] = []
    as_sale = compute_fees(card, replace(item, outcome="delivered"))

    if outcome in ("rto", "customer_return"):
        found.append(
            Overcharge(
                "commission", "commission_not_refunded", Decimal("0.00"), as_sale["commission"]
            )
        )
        found.append(_wrong_zone(card, item, expected))
    else:
        found.append(_next_commission_slab(card, item, expected))

    if outcome == "rto":
        found.append(
            Overcharge("fixed_fee", "fixed_fee_not_waived", Decimal("0.00"), as_sale["fixed_fee"])
        )
    else:
        found.append(_next_slab(card, item, expected, "fixed_fee", "fixed_fee_wrong_price_slab"))

    found.append(_next_slab(card, item, expected, "forward_shipping", "shipping_wrong_weight_slab"))
    return [overcharge for overcharge in found if overcharge is not None]


def _next_slab(
    card: list[RateRule], item: FeeInput, expected: dict[str, Decimal], fee_type: str, reason: str
) -> Overcharge | None:
    """Price a fee as if the item fell in the next price or weight slab of the card."""
    rule = find_rule(card, fee_type, item)
    if rule is None or rule.slab_max is None:
        return None

    above = rule.slab_max + NEXT_SLAB_STEP
    if rule.slab_basis == "weight_g":
        bumped = replace(item, unit_weight_g=above)
    else:
        bumped = replace(item, unit_price=above)
    return Overcharge(fee_type, reason, expected[fee_type], compute_fees(card, bumped)[fee_type])


def _next_commission_slab(
    card: list[RateRule], item: FeeInput, expected: dict[str, Decimal]
) -> Overcharge | None:
    """Apply the commission rate of the next price slab to the item's own order value."""
    rule = find_rule(card, "commission", item)
    if rule is None or rule.slab_max is None:
        return None

    wrong = find_rule(card, "commission", replace(item, unit_price=rule.slab_max + NEXT_SLAB_STEP))
    if wrong is None or wrong.basis != "percent":
        return None

    order_value = item.unit_price * item.quantity + item.shipping_charge
    charged = (order_value * wrong.value / 100).quantize(PAISE, ROUND_HALF_UP)
    return Overcharge("commission", "commission_wrong_rate", expected["commission"], charged)


def _wrong_zone(
    card: list[RateRule], item: FeeInput, expected: dict[str, Decimal]
) -> Overcharge | None:
    """Charge reverse shipping at the rate of the next farther zone."""
    if item.zone not in ZONES or item.zone == ZONES[-1]:
        return None

    farther = ZONES[ZONES.index(item.zone) + 1]
    charged = compute_fees(card, replace(item, zone=farther))["reverse_shipping"]
    return Overcharge(
        "reverse_shipping", "reverse_shipping_wrong_zone", expected["reverse_shipping"], charged
    )
