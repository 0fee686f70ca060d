"""`push_stock`: set Flipkart's listed inventory to the planned quantities, SKU by SKU.

Each SKU's result is checked. A SKU that fails is tried again (3 tries in all, with backoff),
and every SKU-location ends as one `stock_pushes` row and one audit entry, pushed or failed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ingestion.client import FlipkartClient
from ingestion.client.errors import FlipkartError
from ingestion.client.records.listings import InventoryUpdate, Listing, LocationStock
from ingestion.client.records.results import ListingResult
from sellerops.inventory.push import Place, PushPlan, plan_pushes
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize
from sellerops.services.clients import build_client
from sellerops.services.stock import PushRecord, StockLevel, record_push, stock_levels

logger = logging.getLogger("sellerops.services")

# Flipkart takes at most 10 SKUs per inventory update.
SKUS_PER_CALL = 10
MAX_TRIES = 3
# Seconds to wait before the second and the third try.
RETRY_DELAYS = (2.0, 8.0)
PUSHED = "ok"
FAILED = "failed"


@dataclass(frozen=True)
class PushOutcome:
    """The final result of one planned push; `attempts` counts the tries made."""

    sku: str
    location_id: str
    quantity: int
    status: str
    attempts: int
    error: str | None = None


@dataclass
class PushReport:
    """Outcomes of one `push_stock` call, by SKU and location."""

    outcomes: list[PushOutcome] = field(default_factory=list)

    @property
    def pushed(self) -> list[PushOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == PUSHED]

    @property
    def failed(self) -> list[PushOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == FAILED]


def push_stock(
    actor: Actor,
    account_id: str,
    plans: Sequence[PushPlan],
    *,
    client: FlipkartClient | None = None,
    retry_delays: Sequence[float] = RETRY_DELAYS,
    sleep: Callable[[float], None] = time.sleep,
) -> PushReport:
    """Push each plan's quantity to the account's listings and record every outcome.

    Without `client`, the account's client is built and closed here. A SKU that Flipkart does
    not list fails at once, since retrying cannot help. Raises `PermissionDeniedError` unless
    the actor may push stock.
    """
    authorize(actor, Action.STOCK_PUSH, object_type="seller_account", object_id=account_id)
    if not plans:
        return PushReport()

    if client is None:
        with build_client(actor, account_id) as own_client:
            outcomes = _push_all(own_client, plans, retry_delays, sleep)
    else:
        outcomes = _push_all(client, plans, retry_delays, sleep)

    report = PushReport(outcomes)
    _record(actor, account_id, plans, report)
    logger.info(
        "%s pushed stock of account %s: %d SKU-locations set, %d failed",
        actor.label,
        account_id,
        len(report.pushed),
        len(report.failed),
    )
    for outcome in report.failed:
        logger.warning(
            "Stock push of %s at %s failed after %d tries: %s",
            outcome.sku,
            outcome.location_id,
            outcome.attempts,
            outcome.error,
        )
    return report


def push_available_stock(
    actor: Actor, account_id: str, *, client: FlipkartClient | None = None
) -> PushReport:
    """Set every listed SKU-location of the account to available minus its safety buffer.

    Reads the ledger's levels and Flipkart's current listings, and pushes only where the two
    differ. Levels at a location the SKU's listing does not have are left alone.
    """
    authorize(actor, Action.STOCK_PUSH, object_type="seller_account", object_id=account_id)
    levels = stock_levels(actor)
    if not levels:
        return PushReport()

    if client is None:
        with build_client(actor, account_id) as own_client:
            return _plan_and_push(actor, account_id, levels, own_client)
    return _plan_and_push(actor, account_id, levels, client)


def _plan_and_push(
    actor: Actor, account_id: str, levels: list[StockLevel], client: FlipkartClient
) -> PushReport:
    listed = read_listed_stock(client, sorted({level.sku for level in levels}))
    on_listing = [level for level in levels if (level.sku, level.location_id) in listed]
    plans = plan_pushes(on_listing, listed)
    logger.info(
        "Account %s: %d stock levels, %d on the listings, %d to push",
        account_id,
        len(levels),
        len(on_listing),
        len(plans),
    )
    return push_stock(actor, account_id, plans, client=client)


def read_listed_stock(client: FlipkartClient, skus: Sequence[str]) -> dict[Place, int | None]:
    """Return Flipkart's listed inventory of each SKU at each location its listing has."""
    lookup = client.listings.get(skus)
    return {
        (sku, location.id): location.inventory
        for sku, listing in lookup.available.items()
        for location in listing.locations
    }


def _push_all(
    client: FlipkartClient,
    plans: Sequence[PushPlan],
    retry_delays: Sequence[float],
    sleep: Callable[[float], None],
) -> list[PushOutcome]:
    by_sku: dict[str, list[PushPlan]] = {}
    for plan in plans:
        by_sku.setdefault(plan.sku, []).append(plan)

    listings, errors = _read_listings(client, list(by_sku))
    pending = [sku for sku in by_sku if sku in listings]
    attempts = dict.fromkeys(by_sku, 0)
    for sku in by_sku:
        if sku not in listings:
            errors[sku] = errors.get(sku) or f"SKU {sku!r} is not listed on this Flipkart account"
            attempts[sku] = 1

    for attempt in range(1, MAX_TRIES + 1):
        if not pending:
            break
        if attempt > 1:
            sleep(retry_delays[min(attempt - 2, len(retry_delays) - 1)])
        for sku in pending:
            attempts[sku] = attempt
        failures = _send(client, {sku: _update(listings[sku], by_sku[sku]) for sku in pending})
        errors.update(failures)
        for sku in pending:
            if sku not in failures:
                errors.pop(sku, None)
        pending = list(failures)

    return [
        PushOutcome(
            sku=plan.sku,
            location_id=plan.location_id,
            quantity=plan.quantity,
            status=FAILED if plan.sku in errors else PUSHED,
            attempts=attempts[plan.sku],
            error=errors.get(plan.sku),
        )
        for plan in plans
    ]


def _read_listings(
    client: FlipkartClient, skus: list[str]
) -> tuple[dict[str, Listing], dict[str, str]]:
    """Return the listings Flipkart has for `skus`, or for each SKU why reading failed."""
    try:
        lookup = client.listings.get(skus)
    except FlipkartError as error:
        return {}, dict.fromkeys(skus, f"reading the listings failed: {error}")
    listings = {sku: listing for sku, listing in lookup.available.items() if listing.product_id}
    return listings, {}


def _update(listing: Listing, plans: list[PushPlan]) -> InventoryUpdate:
    # Keep each location's ENABLED or DISABLED status: a push sets stock only.
    statuses = {location.id: location.status for location in listing.locations}
    locations = [
        LocationStock(
            id=plan.location_id,
            inventory=plan.quantity,
            status="DISABLED" if statuses.get(plan.location_id) == "DISABLED" else "ENABLED",
        )
        for plan in plans
    ]
    return InventoryUpdate(product_id=listing.product_id or "", locations=locations)


def _send(client: FlipkartClient, updates: dict[str, InventoryUpdate]) -> dict[str, str]:
    """Send the updates in calls of at most 10 SKUs; return the error of each failed SKU."""
    failures: dict[str, str] = {}
    skus = list(updates)
    for start in range(0, len(skus), SKUS_PER_CALL):
        batch = skus[start : start + SKUS_PER_CALL]
        try:
            results = client.listings.update_inventory({sku: updates[sku] for sku in batch})
        except FlipkartError as error:
            failures.update(dict.fromkeys(batch, f"the inventory update call failed: {error}"))
            continue
        for result in results:
            if not result.ok:
                failures[result.sku] = _describe(result)
    return failures


def _describe(result: ListingResult) -> str:
    issues = [*result.errors, *result.attribute_errors]
    details = "; ".join(
        f"{issue.code or '?'} at {issue.path or '?'}: {issue.description or ''}".strip()
        for issue in issues
    )
    return f"Flipkart returned {result.status}" + (f" ({details})" if details else "")


def _record(actor: Actor, account_id: str, plans: Sequence[PushPlan], report: PushReport) -> None:
    """Store one stock_pushes row and one audit entry per SKU-location through `record_push`."""
    plan_of = {(plan.sku, plan.location_id): plan for plan in plans}
    records = []
    for outcome in report.outcomes:
        plan = plan_of[(outcome.sku, outcome.location_id)]
        records.append(
            PushRecord(
                sku=outcome.sku,
                location_id=outcome.location_id,
                pushed_quantity=outcome.quantity,
                available=plan.available,
                safety_buffer=plan.safety_buffer,
                status=outcome.status,
                error=outcome.error,
                attempt=outcome.attempts,
                listed_before=plan.listed,
            )
        )
    record_push(actor, account_id, records)
