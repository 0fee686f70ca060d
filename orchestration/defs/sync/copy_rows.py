"""Turn the operational store's views into the rows `copy_operational` lands."""

from __future__ import annotations

from ingestion.warehouse.operational import AccountProfileRow, LocationRow, SkuRow
from sellerops.services.account_profile import AccountProfile
from sellerops.services.catalog import SkuView

SKU_COLUMNS = (
    "title",
    "category",
    "hsn",
    "gst_rate",
    "cost_price",
    "weight_g",
    "length_cm",
    "breadth_cm",
    "height_cm",
)


def profile_row(profile: AccountProfile) -> AccountProfileRow:
    return AccountProfileRow(
        account_id=profile.account_id,
        account_name=profile.name,
        tier=profile.tier,
        fulfilment=profile.fulfilment,
        gstin=profile.gstin,
        state_code=profile.state_code,
    )


def location_rows(profile: AccountProfile) -> list[LocationRow]:
    return [
        LocationRow(location.location_id, location.city, location.pincode, location.state_code)
        for location in profile.locations
    ]


def sku_rows(skus: list[SkuView]) -> list[SkuRow]:
    return [
        SkuRow(sku.sku, **{column: getattr(sku, column) for column in SKU_COLUMNS}) for sku in skus
    ]
