"""Listings v3 records (snake_case on the wire, maps keyed by seller SKU) and update requests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ingestion.client.records.base import SnakeRecord

LISTING_STATUSES = ("ACTIVE", "INACTIVE")


class ListingPrice(SnakeRecord):
    """Prices in rupees."""

    mrp: Decimal | None = None
    selling_price: Decimal | None = None
    mop: Decimal | None = None
    nlc: Decimal | None = None
    dealer_price: Decimal | None = None
    currency: str | None = None


class ListingLocation(SnakeRecord):
    """Stock of a listing at one seller location."""

    id: str
    status: str | None = None
    inventory: int | None = None
    pending_inventory: int | None = None


class Listing(SnakeRecord):
    """One listing from GET /listings/v3/{skus}; fields outside this model are kept as extras."""

    listing_id: str | None = None
    product_id: str | None = None
    price: ListingPrice | None = None
    listing_status: str | None = None
    fulfillment_profile: str | None = None
    locations: list[ListingLocation] = Field(default_factory=list)


class ListingLookup(SnakeRecord):
    """The GET response: listings by SKU, plus SKUs that are unavailable or invalid."""

    available: dict[str, Listing] = Field(default_factory=dict)
    unavailable: list[Any] = Field(default_factory=list)
    invalid: list[Any] = Field(default_factory=list)


class ListingSummary(SnakeRecord):
    """One row of the listing search: the listing id, FSN and seller SKU."""

    listing_id: str | None = None
    product_id: str | None = None
    sku_id: str | None = None


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocationStock(_Request):
    """New stock for one location; `inventory` is the absolute sellable quantity."""

    id: str
    inventory: int = Field(ge=0)
    status: Literal["ENABLED", "DISABLED"] = "ENABLED"
    pending_inventory: int | None = Field(default=None, ge=0)


class InventoryUpdate(_Request):
    """Body of one SKU in POST /listings/v3/update/inventory."""

    product_id: str
    locations: list[LocationStock] = Field(min_length=1)

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class PriceUpdate(_Request):
    """Body of one SKU in POST /listings/v3/update/price; Flipkart takes whole rupees."""

    product_id: str
    mrp: Decimal
    selling_price: Decimal
    currency: str = "INR"
    mop: Decimal | None = None
    nlc: Decimal | None = None
    dealer_price: Decimal | None = None

    @field_validator("mrp", "selling_price", "mop", "nlc", "dealer_price")
    @classmethod
    def _whole_rupees(cls, value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        if value < 0 or value != value.to_integral_value():
            raise ValueError(f"price {value} must be a non-negative whole number of rupees")
        return value

    @model_validator(mode="after")
    def _selling_price_within_mrp(self) -> PriceUpdate:
        if self.selling_price > self.mrp:
            raise ValueError(
                f"selling_price {self.selling_price} is above mrp {self.mrp}; "
                "Flipkart rejects a selling price above the MRP"
            )
        return self

    def to_wire(self) -> dict[str, Any]:
        price = self.model_dump(exclude={"product_id"}, exclude_none=True)
        return {"product_id": self.product_id, "price": price}
