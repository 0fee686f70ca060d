"""Erasure rules for buyer contacts: pseudonymize personal fields, keep what invoices need.

An issued tax invoice must be kept as issued: Section 36 of the CGST Act requires accounts
and records to be retained for 72 months from the due date of the annual return. Within the
configured retention years after the invoice date, erasure therefore keeps the billing name
and address printed on the invoice and the place of supply (delivery state and pincode).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

# Replaced on every erasure; none of them is printed on an invoice.
ALWAYS_ERASED = ("buyer_name", "phone", "address_line1", "address_line2", "landmark")

# Printed on the invoice, so kept while an issued invoice is within its retention period.
# NOTE: Rule 46 of the CGST Rules also requires the delivery address on invoices of 50,000
# rupees or more to unregistered buyers. The invoice amount is not stored here yet, so such
# invoices keep only the billing name and address.
INVOICE_PERSONAL_FIELDS = ("billing_name", "billing_address_line1", "billing_address_line2")

# Kept in every case, because the warehouse contains the region too and it identifies no one.
REGION_FIELDS = (
    "city",
    "state",
    "state_code",
    "pincode",
    "billing_city",
    "billing_state",
    "billing_state_code",
    "billing_pincode",
)

NAME_FIELDS = ("buyer_name", "billing_name")


@dataclass(frozen=True)
class ErasurePlan:
    """Erasure of one buyer contact: new values, the fields kept and the end of their retention."""

    replacements: dict[str, str | None]
    kept_fields: tuple[str, ...]
    retained_until: date | None


def retention_end(invoice_date: date, retention_years: int) -> date:
    """Return the day the invoice may be erased: `retention_years` after `invoice_date`."""
    try:
        return invoice_date.replace(year=invoice_date.year + retention_years)
    except ValueError:
        # 29 February in a year that has none: the retention ends on 1 March.
        return date(invoice_date.year + retention_years, 3, 1)


def plan_erasure(
    invoice_number: str | None,
    invoice_date: date | None,
    today: date,
    retention_years: int,
    *,
    pseudonym: str | None = None,
) -> ErasurePlan:
    """Decide how to erase one contact issued with (or without) an invoice, as of `today`.

    Names become a random pseudonym that does not derive from the original, address lines
    become empty and the phone number None.
    """
    pseudonym = pseudonym or f"erased-buyer-{secrets.token_hex(4)}"
    retained_until = None
    if invoice_number and invoice_date is not None:
        end = retention_end(invoice_date, retention_years)
        if today < end:
            retained_until = end

    erased = list(ALWAYS_ERASED)
    kept_fields = list(REGION_FIELDS)
    if retained_until is None:
        erased += INVOICE_PERSONAL_FIELDS
    else:
        kept_fields += INVOICE_PERSONAL_FIELDS

    replacements: dict[str, str | None] = {}
    for name in erased:
        if name == "phone":
            replacements[name] = None
        elif name in NAME_FIELDS:
            replacements[name] = pseudonym
        else:
            replacements[name] = ""
    return ErasurePlan(
        replacements=replacements, kept_fields=tuple(kept_fields), retained_until=retained_until
    )
