"""GST arithmetic of an invoice: tax heads per line, totals and the round-off to whole rupees.

Prices from Flipkart include GST, so each line's taxable value is its gross amount divided by
(1 + rate). Every tax head is the taxable value times the head's rate, rounded half up to the
paisa on each line, and invoice totals are sums of those rounded line amounts. Only the grand
total is rounded to whole rupees, and that difference is shown as an explicit round-off.

Which heads apply comes from the GST state table, the seed `dbt_project/seeds/gst_states.csv`:
CGST + SGST when the delivery state is the seller's state, CGST + UTGST when that shared state
is a union territory without a legislature, and IGST otherwise.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from sellerops.documents.model import LineInput, TaxLine
from sellerops.errors import InvalidInputError

GST_STATES_SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "gst_states.csv"

PAISA = Decimal("0.01")
RUPEE = Decimal("1")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
MAX_GST_RATE = Decimal(100)


@dataclass(frozen=True)
class GstState:
    """One row of the GST state table."""

    code: str
    name: str
    is_union_territory: bool
    has_legislature: bool

    @property
    def label(self) -> str:
        """The state as a place of supply is printed: name and code, e.g. "Karnataka (29)"."""
        return f"{self.name} ({self.code})"

    @property
    def uses_utgst(self) -> bool:
        """True for a union territory without a legislature, which levies UTGST, not SGST."""
        return self.is_union_territory and not self.has_legislature


@dataclass(frozen=True)
class Totals:
    """Sums of an invoice's lines and the round-off that brings them to whole rupees."""

    taxable_total: Decimal
    cgst_total: Decimal
    sgst_total: Decimal
    utgst_total: Decimal
    igst_total: Decimal
    round_off: Decimal
    grand_total: Decimal


@cache
def gst_states() -> dict[str, GstState]:
    """Read the GST state table, keyed by two-digit state code."""
    with GST_STATES_SEED.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["state_code"]: GstState(
            code=row["state_code"],
            name=row["state_name"],
            is_union_territory=row["is_union_territory"] == "true",
            has_legislature=row["has_legislature"] == "true",
        )
        for row in rows
    }


def gst_state(state_code: str) -> GstState:
    """Return the state with a two-digit GST code; raises `InvalidInputError` for an unknown one."""
    code = (state_code or "").strip().zfill(2)
    state = gst_states().get(code)
    if state is None:
        raise InvalidInputError(
            f"Unknown GST state code {state_code!r}; use a two-digit code from "
            f"{GST_STATES_SEED.name}, such as 29 for Karnataka."
        )
    return state


def paise(amount: Decimal) -> Decimal:
    """Round an amount half up to the paisa."""
    return amount.quantize(PAISA, rounding=ROUND_HALF_UP)


def compute_lines(
    lines: list[LineInput] | tuple[LineInput, ...],
    seller_state_code: str,
    delivery_state_code: str,
) -> tuple[TaxLine, ...]:
    """Compute taxable value and the tax heads of each line for one place of supply."""
    seller = gst_state(seller_state_code)
    delivery = gst_state(delivery_state_code)
    intra_state = seller.code == delivery.code

    return tuple(
        _tax_line(line, intra_state=intra_state, utgst=delivery.uses_utgst) for line in lines
    )


def totals(lines: tuple[TaxLine, ...] | list[TaxLine]) -> Totals:
    """Sum the lines and round the invoice total to whole rupees with an explicit round-off."""
    taxable = sum((line.taxable_value for line in lines), ZERO)
    cgst = sum((line.cgst for line in lines), ZERO)
    sgst = sum((line.sgst for line in lines), ZERO)
    utgst = sum((line.utgst for line in lines), ZERO)
    igst = sum((line.igst for line in lines), ZERO)

    exact = sum((line.total for line in lines), ZERO)
    grand_total = exact.quantize(RUPEE, rounding=ROUND_HALF_UP)

    return Totals(
        taxable_total=taxable,
        cgst_total=cgst,
        sgst_total=sgst,
        utgst_total=utgst,
        igst_total=igst,
        round_off=grand_total - exact,
        grand_total=grand_total,
    )


def _tax_line(line: LineInput, *, intra_state: bool, utgst: bool) -> TaxLine:
    _check_line(line)
    gross = paise(line.unit_price * line.quantity - line.discount + line.shipping)
    rate = Decimal(line.gst_rate)
    taxable = paise(gross * HUNDRED / (HUNDRED + rate))

    heads = {name: (ZERO, ZERO) for name in ("cgst", "sgst", "utgst", "igst")}
    if intra_state:
        half = rate / 2
        state_head = "utgst" if utgst else "sgst"
        heads["cgst"] = (half, _tax(taxable, half))
        heads[state_head] = (half, _tax(taxable, half))
    else:
        heads["igst"] = (rate, _tax(taxable, rate))

    tax = sum((amount for _rate, amount in heads.values()), ZERO)
    return TaxLine(
        line=line,
        gross=gross,
        taxable_value=taxable,
        cgst_rate=heads["cgst"][0],
        cgst=heads["cgst"][1],
        sgst_rate=heads["sgst"][0],
        sgst=heads["sgst"][1],
        utgst_rate=heads["utgst"][0],
        utgst=heads["utgst"][1],
        igst_rate=heads["igst"][0],
        igst=heads["igst"][1],
        total=taxable + tax,
    )


def _tax(taxable: Decimal, rate: Decimal) -> Decimal:
    return paise(taxable * rate / HUNDRED)


def _check_line(line: LineInput) -> None:
    where = f"Order item {line.order_item_id!r} (SKU {line.sku!r})"
    if line.quantity < 1:
        raise InvalidInputError(f"{where}: quantity {line.quantity} is below 1; pass at least 1.")
    if line.unit_price < 0 or line.shipping < 0 or line.discount < 0:
        raise InvalidInputError(
            f"{where}: unit price {line.unit_price}, shipping {line.shipping} and discount "
            f"{line.discount} must not be negative."
        )
    if not ZERO <= Decimal(line.gst_rate) <= MAX_GST_RATE:
        raise InvalidInputError(
            f"{where}: GST rate {line.gst_rate} is outside 0-100; pass the rate in percent."
        )
    if line.discount > line.unit_price * line.quantity + line.shipping:
        raise InvalidInputError(
            f"{where}: discount {line.discount} exceeds the line's price and shipping; "
            f"pass the seller discount for the whole line."
        )
