"""Copy the operational store's account profile, locations and SKU master into `raw`.

The marts need the seller's tier, fulfilment, locations and SKU costs, which Flipkart's API
does not return. They are copied whole on every run, so the warehouse never keeps an edit
the operational store has undone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pyarrow as pa

logger = logging.getLogger("ingestion.warehouse")


@dataclass(frozen=True)
class AccountProfileRow:
    """One seller account with the attributes the fee arithmetic reads."""

    account_id: str
    account_name: str | None
    tier: str | None
    fulfilment: str | None
    gstin: str | None
    state_code: str | None


@dataclass(frozen=True)
class LocationRow:
    """A pickup location (warehouse) of the account."""

    location_id: str
    city: str | None
    pincode: str | None
    state_code: str | None


@dataclass(frozen=True)
class SkuRow:
    """A SKU master row; every attribute but the SKU itself may be unknown."""

    sku: str
    title: str | None = None
    category: str | None = None
    hsn: str | None = None
    gst_rate: Decimal | None = None
    cost_price: Decimal | None = None
    weight_g: int | None = None
    length_cm: Decimal | None = None
    breadth_cm: Decimal | None = None
    height_cm: Decimal | None = None


_SKU_TYPES = {
    "sku": pa.string(),
    "title": pa.string(),
    "category": pa.string(),
    "hsn": pa.string(),
    "gst_rate": pa.decimal128(5, 2),
    "cost_price": pa.decimal128(18, 2),
    "weight_g": pa.int32(),
    "length_cm": pa.decimal128(8, 2),
    "breadth_cm": pa.decimal128(8, 2),
    "height_cm": pa.decimal128(8, 2),
}


def copy_operational(
    connection: duckdb.DuckDBPyConnection,
    profile: AccountProfileRow,
    locations: Sequence[LocationRow],
    skus: Sequence[SkuRow],
    *,
    copied_at: datetime | None = None,
) -> None:
    """Replace the account's profile and locations, and the tenant's SKU master, in one go."""
    copied_at = copied_at or datetime.now(UTC)
    account_id = profile.account_id
    location_table = pa.table(
        {
            "location_id": pa.array([row.location_id for row in locations], pa.string()),
            "city": pa.array([row.city for row in locations], pa.string()),
            "pincode": pa.array([row.pincode for row in locations], pa.string()),
            "state_code": pa.array([row.state_code for row in locations], pa.string()),
        }
    )
    sku_table = pa.table(
        {
            name: pa.array([_rounded(getattr(row, name), kind) for row in skus], kind)
            for name, kind in _SKU_TYPES.items()
        }
    )

    connection.execute("BEGIN TRANSACTION")
    try:
        connection.execute("DELETE FROM raw.account_profile WHERE account_id = ?", [account_id])
        connection.execute(
            "INSERT INTO raw.account_profile VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                account_id,
                profile.account_name,
                profile.tier,
                profile.fulfilment,
                profile.gstin,
                profile.state_code,
                copied_at,
            ],
        )

        connection.execute("DELETE FROM raw.account_locations WHERE account_id = ?", [account_id])
        connection.register("incoming_locations", location_table)
        connection.execute(
            "INSERT INTO raw.account_locations "
            "SELECT ?, location_id, city, pincode, state_code, ? FROM incoming_locations",
            [account_id, copied_at],
        )

        connection.execute("DELETE FROM raw.sku_master")
        connection.register("incoming_skus", sku_table)
        connection.execute(
            "INSERT INTO raw.sku_master SELECT sku, title, category, hsn, gst_rate, cost_price, "
            "weight_g, length_cm, breadth_cm, height_cm, ? FROM incoming_skus",
            [copied_at],
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        for name in ("incoming_locations", "incoming_skus"):
            connection.unregister(name)

    logger.info(
        "Copied the operational profile of account %s: %d locations, %d SKUs",
        account_id,
        len(locations),
        len(skus),
    )


def _rounded(value: object, kind: pa.DataType) -> object:
    # Arrow rejects a Decimal with more places than its column. The operational store keeps
    # 2 places already, so this rounding only changes values built by hand.
    if isinstance(value, Decimal) and isinstance(kind, pa.Decimal128Type):
        return value.quantize(Decimal(1).scaleb(-kind.scale), rounding=ROUND_HALF_UP)
    return value
