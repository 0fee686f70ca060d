"""`accept_price_suggestion`: push an accepted price to Flipkart within the price guardrails.

The price is checked against the same guardrails the price model searches within
(`models_ml.pricing.guardrails`), using the listing's live selling price and MRP from Flipkart,
so a price the model could not suggest is never sent. Every push ends as one audit entry,
succeeded or failed.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from ingestion.client import FlipkartClient
from ingestion.client.errors import FlipkartError
from ingestion.client.records.listings import PriceUpdate
from models_ml.pricing.guardrails import (
    MAX_STEP,
    MAX_STEP_SHARE,
    MIN_MARGIN,
    MRP,
    PriceLimits,
    broken_guardrail,
    step_range,
)
from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.errors import InvalidInputError
from sellerops.security.permissions import Action
from sellerops.services.accounts import require_account
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize
from sellerops.services.clients import build_client

logger = logging.getLogger("sellerops.services")

PUSHED = "ok"
FAILED = "failed"
# The largest whole-rupee amount a DECIMAL(18,2) money column holds.
MAX_PRICE = Decimal(10**16 - 1)


@dataclass(frozen=True)
class PriceChange:
    """One price push of a SKU: the listing's price before, the price sent and the result."""

    sku: str
    old_price: Decimal
    new_price: Decimal
    mrp: Decimal
    status: str  # ok | failed
    error: str | None = None


def accept_price_suggestion(
    actor: Actor,
    account_id: str,
    sku: str,
    price: Decimal | int | str,
    *,
    margin_floor: Decimal | int | str | None,
    client: FlipkartClient | None = None,
) -> PriceChange:
    """Set the SKU's selling price on Flipkart after checking the price guardrails.

    `margin_floor` is the suggestion's lowest price that keeps the minimum margin, or None when
    no price within one step reaches it (then only the highest allowed price passes). The step
    limit and the MRP come from the live listing. Raises `PermissionDeniedError` unless the
    actor may update prices, and `NotFoundError` for an account of another tenant.
    `InvalidInputError` covers a price that is not whole rupees, a SKU the account does not
    list, a floor that is not a positive number, and a price that breaks a guardrail. The
    account is checked before anything is sent, also through a passed `client`, so the audit
    entry of a push that reaches Flipkart cannot fail on the account. A push that Flipkart
    rejects is audited as failed and returned with status `failed`. The dashboard passes the
    suggestion's `ml.price_suggestions.min_price` as the floor.
    """
    authorize(actor, Action.PRICE_UPDATE, object_type="sku", object_id=sku)
    new_price = _whole_rupees(price)
    floor = _margin_floor(margin_floor)
    with actor.store.read(actor.tenant_id) as session:
        require_account(session, account_id)

    if client is None:
        with build_client(actor, account_id) as own_client:
            change = _push(own_client, sku, new_price, floor)
    else:
        change = _push(client, sku, new_price, floor)

    record_price_change(actor, account_id, change)
    logger.info(
        "%s set the price of %s on account %s from %s to %s: %s",
        actor.label,
        sku,
        account_id,
        change.old_price,
        change.new_price,
        change.status,
    )
    if change.error:
        logger.warning("Price update of %s failed: %s", sku, change.error)
    return change


def _whole_rupees(price: Decimal | int | str) -> Decimal:
    try:
        value = Decimal(str(price))
    except InvalidOperation:
        raise InvalidInputError(
            f"Price {price!r} is not a number; pass whole rupees, e.g. 499."
        ) from None
    if not value.is_finite() or value <= 0 or value != value.to_integral_value():
        raise InvalidInputError(
            f"Price {price!r} is invalid; Flipkart takes a positive whole number of rupees."
        )
    if value > MAX_PRICE:
        raise InvalidInputError(
            f"Price {price!r} is invalid; pass whole rupees of at most {MAX_PRICE}."
        )
    return value.quantize(Decimal(1))


def _margin_floor(floor: Decimal | int | str | None) -> Decimal | None:
    if floor is None:
        return None
    try:
        value = Decimal(str(floor))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0:
        raise InvalidInputError(
            f"Margin floor {floor!r} is invalid; pass the suggestion's min_price in rupees "
            f"(a positive number), or None when the suggestion has none."
        )
    return value


def _push(
    client: FlipkartClient, sku: str, price: Decimal, margin_floor: Decimal | None
) -> PriceChange:
    listing = client.listings.get([sku]).available.get(sku)
    if listing is None or listing.product_id is None or listing.price is None:
        raise InvalidInputError(
            f"SKU {sku!r} is not listed on this Flipkart account; check the SKU and the account."
        )
    current = listing.price.selling_price
    mrp = listing.price.mrp
    if current is None or mrp is None:
        raise InvalidInputError(
            f"The listing of SKU {sku!r} has no selling price or MRP; set both on Flipkart first."
        )

    step_low, step_high = step_range(current)
    limits = PriceLimits(current, step_low, step_high, mrp, margin_floor)
    broken = broken_guardrail(price, limits)
    if broken is not None:
        raise InvalidInputError(_guardrail_message(sku, price, limits, broken))

    update = PriceUpdate(product_id=listing.product_id, mrp=mrp, selling_price=price)
    try:
        results = client.listings.update_price({sku: update})
    except FlipkartError as error:
        return PriceChange(
            sku, current, price, mrp, FAILED, f"the price update call failed: {error}"
        )
    result = results[0]
    if not result.ok:
        issues = "; ".join(
            f"{issue.code or '?'}: {issue.description or ''}"
            for issue in [*result.errors, *result.attribute_errors]
        )
        return PriceChange(
            sku, current, price, mrp, FAILED, f"Flipkart returned {result.status} ({issues})"
        )
    return PriceChange(sku, current, price, mrp, PUSHED)


def _guardrail_message(sku: str, price: Decimal, limits: PriceLimits, broken: str) -> str:
    prefix = f"Price {price} for SKU {sku!r} is rejected"
    if broken == MAX_STEP:
        return (
            f"{prefix}: one step may move the current price {limits.current_price} by at most "
            f"{MAX_STEP_SHARE:.0%}; choose a price from {limits.step_low} to {limits.step_high}."
        )
    if broken == MRP:
        return f"{prefix}: it is above the MRP {limits.mrp}; choose {limits.mrp} or less."
    if broken == MIN_MARGIN and limits.margin_floor is None:
        return (
            f"{prefix}: no price within one step keeps the minimum margin, so only the highest "
            f"allowed price {limits.high} may be set."
        )
    return (
        f"{prefix}: below {limits.margin_floor} the margin falls under the minimum; "
        f"choose a price from {limits.margin_floor} to {limits.high}."
    )


def record_price_change(actor: Actor, account_id: str, change: PriceChange) -> None:
    """Append one audit entry for a price push, `succeeded` or `failed` with its error."""
    if change.status not in (PUSHED, FAILED):
        raise InvalidInputError(
            f"Price change status {change.status!r} of {change.sku!r} is invalid; use ok or failed."
        )
    authorize(actor, Action.PRICE_UPDATE, object_type="sku", object_id=change.sku)

    detail = {
        key: str(value) if isinstance(value, Decimal) else value
        for key, value in asdict(change).items()
    }
    detail["account_id"] = account_id
    result = AuditResult.SUCCEEDED if change.status == PUSHED else AuditResult.FAILED
    with actor.store.write(actor.tenant_id) as session:
        require_account(session, account_id)
        append_entry(
            session,
            AuditRecord(
                action=Action.PRICE_UPDATE.value,
                object_type="sku",
                object_id=change.sku,
                result=result,
                actor_label=actor.label,
                actor_id=actor.user_id,
                tenant_id=actor.tenant_id,
                detail=detail,
            ),
        )
