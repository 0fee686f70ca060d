"""Export and erasure of one order's buyer personal data, both audited."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sellerops.errors import NotFoundError
from sellerops.models import utc_now
from sellerops.privacy.rules import plan_erasure
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.buyers import contact_as_dict, contacts_of_order

logger = logging.getLogger("sellerops.services")


@dataclass(frozen=True)
class ErasureReport:
    """Result of an erasure: the fields replaced and, per shipment, the invoice fields kept."""

    order_id: str
    shipments: int
    erased_fields: list[str]
    retained: list[tuple[str, str, date]]  # (shipment id, invoice number, kept until)
    retention_years: int

    def summary(self) -> str:
        """Return the lines the CLI prints: what was replaced and what tax law keeps."""
        lines = [
            f"Erased the personal data of order {self.order_id} in {self.shipments} shipment(s): "
            f"{', '.join(self.erased_fields)} were replaced by placeholders."
        ]
        for shipment_id, invoice_number, until in self.retained:
            lines.append(
                f"Kept the billing name and address of shipment {shipment_id} because invoice "
                f"{invoice_number} was issued; GST law requires issued invoices to be retained, "
                f"here for {self.retention_years} years, until {until.isoformat()}."
            )
        return "\n".join(lines)


def export_order_data(actor: Actor, order_id: str) -> dict[str, Any]:
    """Return every stored personal field of `order_id` as JSON-ready data (audited)."""
    authorize(actor, Action.PRIVACY_EXPORT, object_type="order", object_id=order_id)

    with actor.store.write(actor.tenant_id) as session:
        rows = contacts_of_order(session, order_id)
        if not rows:
            raise _no_data(order_id)
        document = {
            "order_id": order_id,
            "exported_at": utc_now().isoformat(),
            "buyer_contacts": [contact_as_dict(row) for row in rows],
        }
        record_success(
            session,
            actor,
            Action.PRIVACY_EXPORT,
            object_type="order",
            object_id=order_id,
            detail={"records": len(rows)},
        )
    logger.info("%s exported the personal data of order %s", actor.label, order_id)
    return document


def erase_order_data(
    actor: Actor, order_id: str, *, now: Callable[[], datetime] = utc_now
) -> ErasureReport:
    """Pseudonymize the buyer's personal fields of `order_id`, keeping what issued invoices need."""
    authorize(actor, Action.PRIVACY_ERASE, object_type="order", object_id=order_id)
    moment = now()
    today = moment.astimezone(UTC).date()
    years = actor.store.settings.invoice_retention_years

    with actor.store.write(actor.tenant_id) as session:
        rows = contacts_of_order(session, order_id)
        if not rows:
            raise _no_data(order_id)

        erased: dict[str, None] = {}
        retained: list[tuple[str, str, date]] = []
        for row in rows:
            plan = plan_erasure(row.invoice_number, row.invoice_date, today, years)
            for name, value in plan.replacements.items():
                setattr(row, name, value)
                erased[name] = None
            if plan.retained_until is not None:
                retained.append((row.shipment_id, row.invoice_number or "", plan.retained_until))
            row.erased_at = moment
        session.flush()

        report = ErasureReport(order_id, len(rows), list(erased), retained, years)
        detail = {"shipments": len(rows), "retained_invoices": [r[1] for r in retained]}
        record_success(
            session,
            actor,
            Action.PRIVACY_ERASE,
            object_type="order",
            object_id=order_id,
            detail=detail,
        )
    logger.info("%s erased the personal data of order %s", actor.label, order_id)
    return report


def _no_data(order_id: str) -> NotFoundError:
    return NotFoundError(
        f"No buyer data for order {order_id!r} in this tenant; check the order id (it looks "
        f"like OD followed by 18 digits)."
    )
