"""The money of one simulated order item as the reports show it: sale, fees, taxes and payment.

Fees come from the sandbox's rate-card oracle (`simulation.fees`) with the same inputs as the
ground truth, so a report row without an overcharge carries exactly the truth's fees.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..fees import FEE_TYPES, PAISE, FeeInput, RateRule, compute_fees, fee_input
from ..records import Item, Shipment
from ..world import SellerWorld
from .overcharge import Overcharge, charged_fees, choose_overcharge
from .payments import Payment, ist_date, plan_payment

ZERO = Decimal("0.00")

# TCS under GST Act section 52: 0.5 % of the net taxable value (the sale without GST).
TCS_RATE = Decimal("0.005")
# TDS under Income-tax Act section 194-O: 0.1 % of gross sales.
TDS_RATE = Decimal("0.001")


@dataclass(frozen=True)
class ItemLedger:
    """One order item with every amount the settlement and P&L reports print for it."""

    seller_id: str
    tier: str
    shipment: Shipment
    item: Item
    outcome: str  # open | delivered | rto | customer_return | cancelled
    fee_input: FeeInput
    expected_fees: dict[str, Decimal]
    fees: dict[str, Decimal]  # as charged once settled; the projection while pending
    overcharge: Overcharge | None
    gst_rate: int
    payment: Payment

    @property
    def order_item_id(self) -> str:
        """The item's Flipkart order item id."""
        return self.item.order_item_id

    @property
    def order_date(self) -> date:
        """The date the order was placed, in India."""
        return ist_date(self.shipment.order_date)

    @property
    def order_value(self) -> Decimal:
        """Selling price of the line plus the shipping charged to the buyer."""
        return Decimal(self.item.selling_price + self.item.shipping_charge).quantize(PAISE)

    @property
    def is_returned(self) -> bool:
        """Whether the sale was reversed by a courier or customer return."""
        return self.outcome in ("rto", "customer_return")

    @property
    def net_sale(self) -> Decimal:
        """The sale that stays with the seller: the order value unless returned or cancelled."""
        if self.is_returned or self.outcome == "cancelled":
            return ZERO
        return self.order_value

    @property
    def tcs(self) -> Decimal:
        """TCS withheld, in rupees (positive)."""
        taxable = self.net_sale * 100 / (100 + self.gst_rate)
        return (taxable * TCS_RATE).quantize(PAISE, ROUND_HALF_UP)

    @property
    def tds(self) -> Decimal:
        """TDS withheld, in rupees (positive)."""
        return (self.net_sale * TDS_RATE).quantize(PAISE, ROUND_HALF_UP)

    @property
    def marketplace_fee(self) -> Decimal:
        """Sum of the fee lines before GST, in rupees (positive)."""
        return sum((self.fees[name] for name in FEE_TYPES), ZERO)

    @property
    def bank_settlement(self) -> Decimal:
        """Net sale minus fees, GST on fees, TCS and TDS."""
        return self.net_sale - self.marketplace_fee - self.fees["gst_on_fees"] - self.tcs - self.tds


def build_ledgers(
    world: SellerWorld,
    card: list[RateRule],
    *,
    seed: int,
    now: float,
    overcharge_share: float,
) -> Iterator[ItemLedger]:
    """Yield the ledger of every order item of a seller, in order date and item id order."""
    seller_id = world.account.seller_id
    tier = world.account.tier

    for _, shipment_id in world.by_order_date:
        shipment = world.shipments[shipment_id]
        outcome = shipment.outcome()
        payment = plan_payment(seed, seller_id, shipment, now)

        for item in sorted(shipment.items, key=lambda entry: entry.order_item_id):
            inputs = fee_input(shipment, item, tier, outcome)
            expected = compute_fees(card, inputs)

            overcharge = None
            if payment.is_charged and overcharge_share > 0:
                overcharge = choose_overcharge(
                    card,
                    inputs,
                    expected,
                    seed=seed,
                    order_item_id=item.order_item_id,
                    share=overcharge_share,
                )

            yield ItemLedger(
                seller_id=seller_id,
                tier=tier,
                shipment=shipment,
                item=item,
                outcome=outcome,
                fee_input=inputs,
                expected_fees=expected,
                fees=charged_fees(expected, overcharge),
                overcharge=overcharge,
                gst_rate=item.product.gst_rate(item.unit_price),
                payment=payment,
            )
