"""When and how Flipkart pays out one simulated order item: NEFT id, payment date and status.

The sandbox models one payment per order item, made once its outcome is final (delivered, or a
completed courier or customer return). Flipkart creates the disbursement a fixed number of days
after that and transfers the money some days later. Between the two, Seller Hub shows the
placeholder reference `DISBURSEMENT_CREATED` in place of a NEFT id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..config import IST
from ..records import Shipment

# Days from the final outcome until Flipkart creates the disbursement.
DISBURSEMENT_LAG_DAYS = 7
# Days from the disbursement until the bank transfer.
BANK_TRANSFER_DAYS = 2
# A payment still open is expected at least this many days after the order.
PENDING_PAYMENT_DAYS = 15

PLACEHOLDER_REFERENCE = "DISBURSEMENT_CREATED"
FINAL_STATES = ("DELIVERED", "RETURNED")

# Payment statuses: paid by NEFT, disbursement created but not transferred, not yet paid, and
# nothing to pay (a cancelled item).
SETTLED = "settled"
DISBURSED = "disbursement_created"
PENDING = "pending"
NO_PAYMENT = "none"


@dataclass(frozen=True)
class Payment:
    """The payment of one order item as of the simulated now."""

    status: str
    payment_date: date | None
    neft_id: str | None
    account_type: str  # POSTPAID (cash on delivery) or PREPAID

    @property
    def is_charged(self) -> bool:
        """Whether Flipkart has settled the item, so its fees are charged rather than projected."""
        return self.status in (SETTLED, DISBURSED)


def ist_date(epoch: float) -> date:
    """Return the calendar date in India of an epoch instant."""
    return datetime.fromtimestamp(epoch, IST).date()


def plan_payment(seed: int, seller_id: str, shipment: Shipment, now: float) -> Payment:
    """Return the payment of a shipment's items as of `now`."""
    account_type = "POSTPAID" if shipment.order.payment_type == "COD" else "PREPAID"
    outcome = shipment.outcome()
    today = ist_date(now)

    if outcome == "cancelled":
        return Payment(NO_PAYMENT, None, None, account_type)

    if shipment.status not in FINAL_STATES:
        expected = max(
            ist_date(shipment.order_date) + timedelta(days=PENDING_PAYMENT_DAYS),
            today + timedelta(days=1),
        )
        return Payment(PENDING, expected, None, account_type)

    created = ist_date(shipment.updated_at) + timedelta(days=DISBURSEMENT_LAG_DAYS)
    transferred = created + timedelta(days=BANK_TRANSFER_DAYS)
    if transferred <= today:
        reference = neft_id(seed, seller_id, transferred, account_type)
        return Payment(SETTLED, transferred, reference, account_type)
    if created <= today:
        return Payment(DISBURSED, created, PLACEHOLDER_REFERENCE, account_type)
    return Payment(PENDING, transferred, None, account_type)


def neft_id(seed: int, seller_id: str, day: date, account_type: str) -> str:
    """Return the NEFT reference of one day's transfer to one seller's account of one type.

    The shape follows Seller Hub's pseudonymised references: `NFT-/XUTR/DEUTH`, 11 digits, `X`.
    """
    text = f"sellerops-sandbox:{seed}:neft:{seller_id}:{day.isoformat()}:{account_type}"
    digits = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") % 10**11
    return f"NFT-/XUTR/DEUTH{digits:011d}X"
