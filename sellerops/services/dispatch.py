"""Dispatch actions on selected shipments: generate labels, mark ready to dispatch, cancel.

Each action checks the permission matrix, fetches the shipments through the account's Flipkart
client, sends the action and appends one audit entry per shipment with Flipkart's per-item
result: `succeeded`, or `failed` with the error code. Flipkart returns one result per shipment
for bulk actions, so one rejected shipment never hides the others' results.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ingestion.client import (
    CancelRequest,
    FlipkartClient,
    InvoiceDetails,
    PackRequest,
    Shipment,
    TaxItem,
)
from ingestion.client.batching import ACTION_SHIPMENTS_PER_CALL as ACTION_BATCH
from ingestion.client.records.actions import CANCELLATION_REASONS
from ingestion.client.records.results import BulkResult
from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.errors import InvalidInputError
from sellerops.models import Sku
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize
from sellerops.services.clients import build_client
from sellerops.services.dispatch_queue import IST

logger = logging.getLogger("sellerops.services")

# Shipments one dashboard action may select.
MAX_SELECTION = 100
# Flipkart packs asynchronously; labels usually exist within seconds.
PACK_WAIT_SECONDS = 15.0
PACK_POLL_SECONDS = 0.5


@dataclass(frozen=True)
class ShipmentOutcome:
    """The result of an action for one shipment; `message` explains a failure."""

    shipment_id: str
    ok: bool
    message: str = ""


@dataclass(frozen=True)
class DispatchResult:
    """Per-shipment outcomes of one dispatch action, in the order the shipments were given."""

    action: Action
    outcomes: tuple[ShipmentOutcome, ...]

    @property
    def succeeded(self) -> list[str]:
        return [outcome.shipment_id for outcome in self.outcomes if outcome.ok]

    @property
    def failed(self) -> list[ShipmentOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.ok]


def generate_labels(actor: Actor, account_id: str, shipment_ids: Iterable[str]) -> DispatchResult:
    """Request labels (packing) for APPROVED shipments, with GST rates from the SKU master.

    The invoice date sent is today in IST on Flipkart's clock; the invoice number is left to
    Flipkart. A shipment that is not APPROVED, is on hold or has a SKU without a GST rate fails
    with a message naming the fix, and is not sent.
    """
    ids = selected_ids(shipment_ids)
    authorize(actor, Action.DISPATCH_LABELS, object_type="seller_account", object_id=account_id)
    rates = _gst_rates(actor)

    outcomes: dict[str, ShipmentOutcome] = {}
    client: FlipkartClient
    with build_client(actor, account_id) as client:
        found = _fetch(client, ids, outcomes)
        today = client.server_clock.now().astimezone(IST).date()
        requests = []
        for shipment in found:
            request = _pack_request(shipment, rates, today, outcomes)
            if request is not None:
                requests.append(request)
        if requests:
            _merge(outcomes, client.shipments.generate_labels(requests))

    return _finish(actor, account_id, Action.DISPATCH_LABELS, ids, outcomes)


def wait_until_packed(
    actor: Actor,
    account_id: str,
    shipment_ids: Iterable[str],
    *,
    timeout: float = PACK_WAIT_SECONDS,
) -> list[str]:
    """Poll Flipkart until the shipments are packed or `timeout` seconds pass; return the packed."""
    ids = selected_ids(shipment_ids)
    authorize(actor, Action.DISPATCH_VIEW, object_type="seller_account", object_id=account_id)
    deadline = time.monotonic() + timeout
    client: FlipkartClient
    with build_client(actor, account_id) as client:
        while True:
            shipments = client.shipments.get(shipment_ids=ids)
            packed = [shipment.shipment_id for shipment in shipments if _is_packed(shipment)]
            if len(packed) == len(ids) or time.monotonic() >= deadline:
                return packed
            time.sleep(PACK_POLL_SECONDS)


def mark_ready_to_dispatch(
    actor: Actor, account_id: str, shipment_ids: Iterable[str]
) -> DispatchResult:
    """Mark PACKED shipments ready to dispatch, one request per pickup location."""
    ids = selected_ids(shipment_ids)
    authorize(actor, Action.DISPATCH_READY, object_type="seller_account", object_id=account_id)

    outcomes: dict[str, ShipmentOutcome] = {}
    client: FlipkartClient
    with build_client(actor, account_id) as client:
        by_location: dict[str, list[str]] = {}
        for shipment in _fetch(client, ids, outcomes):
            if not shipment.location_id:
                outcomes[shipment.shipment_id] = ShipmentOutcome(
                    shipment.shipment_id, False, "Flipkart sent no location; sync and retry."
                )
                continue
            by_location.setdefault(shipment.location_id, []).append(shipment.shipment_id)
        for location_id, location_ids in by_location.items():
            for start in range(0, len(location_ids), ACTION_BATCH):
                batch = location_ids[start : start + ACTION_BATCH]
                _merge(outcomes, client.shipments.mark_ready_to_dispatch(batch, location_id))

    return _finish(actor, account_id, Action.DISPATCH_READY, ids, outcomes)


def cancel_shipments(
    actor: Actor, account_id: str, shipment_ids: Iterable[str], reason: str
) -> DispatchResult:
    """Cancel whole shipments as the seller with one of Flipkart's accepted reasons.

    Flipkart allows seller cancellation only before a shipment is PACKED.
    """
    if reason not in CANCELLATION_REASONS:
        raise InvalidInputError(
            f"Cancellation reason {reason!r} is not accepted by Flipkart; use one of "
            f"{', '.join(CANCELLATION_REASONS)}."
        )
    ids = selected_ids(shipment_ids)
    authorize(actor, Action.DISPATCH_CANCEL, object_type="seller_account", object_id=account_id)

    outcomes: dict[str, ShipmentOutcome] = {}
    client: FlipkartClient
    with build_client(actor, account_id) as client:
        requests = []
        for shipment in _fetch(client, ids, outcomes):
            groups = sorted(
                {
                    item.cancellation_group_id
                    for item in shipment.order_items
                    if item.cancellation_group_id
                }
            )
            if not groups or not shipment.location_id:
                outcomes[shipment.shipment_id] = ShipmentOutcome(
                    shipment.shipment_id,
                    False,
                    "Flipkart sent no cancellation group or location; sync and retry.",
                )
                continue
            requests.append(
                CancelRequest(
                    shipment_id=shipment.shipment_id,
                    location_id=shipment.location_id,
                    cancellation_group_ids=groups,
                    reason=reason,
                )
            )
        for start in range(0, len(requests), ACTION_BATCH):
            _merge(outcomes, client.shipments.cancel(requests[start : start + ACTION_BATCH]))

    return _finish(actor, account_id, Action.DISPATCH_CANCEL, ids, outcomes, reason=reason)


def selected_ids(shipment_ids: Iterable[str]) -> list[str]:
    """Return the selected shipment ids stripped and de-duplicated, in order; 1 to 100 of them."""
    ids: list[str] = []
    for raw in shipment_ids:
        if not isinstance(raw, str) or not raw.strip():
            raise InvalidInputError(f"Shipment id {raw!r} is empty or not text; select again.")
        shipment_id = raw.strip()
        if shipment_id not in ids:
            ids.append(shipment_id)
    if not ids:
        raise InvalidInputError("No shipment is selected; select at least one shipment.")
    if len(ids) > MAX_SELECTION:
        raise InvalidInputError(
            f"{len(ids)} shipments are selected; act on at most {MAX_SELECTION} at a time."
        )
    return ids


def _fetch(
    client: FlipkartClient, ids: list[str], outcomes: dict[str, ShipmentOutcome]
) -> list[Shipment]:
    shipments = {
        shipment.shipment_id: shipment for shipment in client.shipments.get(shipment_ids=ids)
    }
    for shipment_id in ids:
        if shipment_id not in shipments:
            outcomes[shipment_id] = ShipmentOutcome(
                shipment_id, False, "Flipkart has no such shipment for this account."
            )
    return [shipments[shipment_id] for shipment_id in ids if shipment_id in shipments]


def _pack_request(
    shipment: Shipment,
    rates: dict[str, Decimal],
    today: date,
    outcomes: dict[str, ShipmentOutcome],
) -> PackRequest | None:
    shipment_id = shipment.shipment_id
    states = sorted({item.status or "UNKNOWN" for item in shipment.order_items})
    problem = None
    if states != ["APPROVED"]:
        problem = f"It is {', '.join(states)}; labels can be generated only for APPROVED."
    elif shipment.hold:
        problem = "Flipkart holds it; generate its label after the hold is released."
    elif not shipment.location_id:
        problem = "Flipkart sent no location; sync and retry."
    else:
        missing = sorted({item.sku or "" for item in shipment.order_items} - set(rates))
        if missing:
            problem = (
                f"SKU {', '.join(map(repr, missing))} has no GST rate; set it in the SKU "
                f"master, then generate the label."
            )
    if problem is not None:
        outcomes[shipment_id] = ShipmentOutcome(shipment_id, False, problem)
        return None

    order_ids = sorted({item.order_id for item in shipment.order_items if item.order_id})
    return PackRequest(
        shipment_id=shipment_id,
        location_id=shipment.location_id or "",
        tax_items=[
            TaxItem(
                order_item_id=item.order_item_id,
                tax_rate=rates[item.sku or ""],
                quantity=max(item.quantity, 1),
            )
            for item in shipment.order_items
        ],
        invoices=[InvoiceDetails(order_id=order_id, invoice_date=today) for order_id in order_ids],
    )


def _is_packed(shipment: Shipment) -> bool:
    states = {item.status for item in shipment.order_items}
    return bool(states) and states <= {"PACKED", "READY_TO_DISPATCH"}


def _gst_rates(actor: Actor) -> dict[str, Decimal]:
    with actor.store.read(actor.tenant_id) as session:
        rows = session.execute(select(Sku.sku, Sku.gst_rate).where(Sku.gst_rate.is_not(None)))
        return {sku: Decimal(rate) for sku, rate in rows}


def _merge(outcomes: dict[str, ShipmentOutcome], result: BulkResult) -> None:
    for item in result.results:
        message = ""
        if not item.ok:
            message = f"Flipkart: {item.error_code or item.status}"
            if item.error_message:
                message += f" ({item.error_message})"
        outcomes[item.id] = ShipmentOutcome(item.id, item.ok, message)


def _finish(
    actor: Actor,
    account_id: str,
    action: Action,
    ids: Sequence[str],
    outcomes: dict[str, ShipmentOutcome],
    **detail: str,
) -> DispatchResult:
    """Audit one entry per shipment and return the outcomes in the order given."""
    ordered = tuple(
        outcomes.get(shipment_id)
        or ShipmentOutcome(shipment_id, False, "Flipkart returned no result; refresh the queue.")
        for shipment_id in ids
    )
    with actor.store.write(actor.tenant_id) as session:
        for outcome in ordered:
            record = AuditRecord(
                action=action.value,
                object_type="shipment",
                object_id=outcome.shipment_id,
                result=AuditResult.SUCCEEDED if outcome.ok else AuditResult.FAILED,
                actor_label=actor.label,
                actor_id=actor.user_id,
                tenant_id=actor.tenant_id,
                detail={"account_id": account_id, **detail}
                | ({} if outcome.ok else {"error": outcome.message}),
            )
            append_entry(session, record)

    result = DispatchResult(action, ordered)
    logger.info(
        "%s %s on account %s: %d succeeded, %d failed",
        actor.label,
        action.value,
        account_id,
        len(result.succeeded),
        len(result.failed),
    )
    return result
