"""Provision a tenant whose seller accounts are the sandbox's simulated sellers.

The demo, the end-to-end tests and the benchmark all start from this: a tenant and its owner,
one `local` account per sandbox seller (tier and pickup locations from its credentials) and the
SKU master. Cost prices, weights and sizes, which a seller has and Flipkart does not serve,
come from the sandbox's ground truth. HSN codes and GST rates come from each SKU's listing, as
a seller's own catalogue would give them.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from ingestion.client.records.listings import Listing
from ingestion.warehouse.fetching import all_listings
from orchestration.defs.sync.partitions import AccountPartition
from sellerops.accounts.validation import AccountInput
from sellerops.services import add_account, create_tenant, ensure_default_plan, operator_label
from sellerops.services.account_profile import set_account_profile, set_location
from sellerops.services.actor import act_as
from sellerops.services.catalog import SkuInput, upsert_skus
from sellerops.services.clients import build_client
from sellerops.store import Store

logger = logging.getLogger(__name__)

DEMO_PASSWORD = "sandbox demo password"  # noqa: S105 (the demo tenant's owner, local only)


def provision_sandbox_tenant(
    store: Store, server: Any, *, slug: str = "demo", name: str = "Demo seller"
) -> list[AccountPartition]:
    """Create tenant `slug` with the sandbox's sellers as accounts; return their partitions."""
    operator = operator_label()
    owner_email = f"owner@{slug}.example"
    ensure_default_plan(store, operator)
    create_tenant(
        store,
        operator,
        slug=slug,
        name=name,
        owner_email=owner_email,
        owner_password=DEMO_PASSWORD,
    )
    owner = act_as(store, slug, owner_email)

    partitions = []
    for seller in server.credentials():
        account = add_account(owner, _account_input(seller, server.base_url))
        set_account_profile(owner, account.id, tier=seller["tier"])
        for location in seller["locations"]:
            set_location(
                owner,
                account.id,
                location["locationId"],
                location["city"],
                location["pincode"],
                location["stateCode"],
            )
        skus = server.truth(seller["seller_id"])["sellers"][seller["seller_id"]]["skus"]
        with build_client(owner, account.id) as client:
            listings, _ = all_listings(client)
        unlisted = sorted(set(skus) - set(listings))
        if unlisted:
            logger.warning(
                "Account %s: %d SKUs have no listing, so no HSN or GST rate: %s",
                account.id,
                len(unlisted),
                ", ".join(unlisted[:10]),
            )
        rows = [_sku_input(sku, facts, listings.get(sku)) for sku, facts in sorted(skus.items())]
        upsert_skus(owner, rows)
        partitions.append(AccountPartition(slug, account.id))
        logger.info("Tenant %s: account %s with %d SKUs", slug, account.id, len(skus))
    return partitions


def _account_input(seller: dict[str, Any], base_url: str) -> AccountInput:
    return AccountInput(
        name=seller["name"][:100],
        environment="local",
        app_id=seller["app_id"],
        app_secret=seller["app_secret"],
        gstin=seller["gstin"],
        state_code=seller["state_code"],
        state=seller["state"],
        location_ids=list(seller["location_ids"]),
        base_url=base_url,
    )


def _sku_input(sku: str, facts: dict[str, Any], listing: Listing | None) -> SkuInput:
    length, breadth, height = (Decimal(str(size)) for size in facts["sizeCm"])
    hsn, gst_rate = _listing_tax(listing)
    return SkuInput(
        sku=sku,
        title=facts["title"],
        category=facts["category"],
        hsn=hsn,
        gst_rate=gst_rate,
        cost_price=Decimal(facts["costPrice"]),
        weight_g=int(facts["weightG"]),
        length_cm=length,
        breadth_cm=breadth,
        height_cm=height,
    )


def _listing_tax(listing: Listing | None) -> tuple[str | None, Decimal | None]:
    """Return the HSN code and GST rate (percent) of a listing's `tax` object.

    NOTE: for apparel and footwear (tax codes GST_APPAREL and GST_Footwear) the rate depends on
    the unit price, and the listing gives the rate at its current selling price. An order sold
    across the price limit is taxed at another rate than the SKU master's.
    """
    tax = (listing.model_extra or {}).get("tax") if listing is not None else None
    if not isinstance(tax, dict):
        return None, None
    rate = tax.get("goods_services_rate")
    return tax.get("hsn") or None, None if rate is None else Decimal(str(rate))
