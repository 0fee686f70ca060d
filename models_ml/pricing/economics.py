"""Per-SKU inputs of the price model from the order items: profit inputs and current prices."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import polars as pl

from models_ml.pricing.demand import IST
from models_ml.pricing.profit import OutcomeRates, SkuEconomics, outcome_rates


def sku_economics(
    items: pl.DataFrame, as_of: datetime, rto_rates: pl.DataFrame | None = None
) -> dict[str, SkuEconomics]:
    """Return each SKU's profit inputs from its order items in the window.

    SKUs without a cost price, chargeable weight, tier or any order with a known zone are left
    out, since their profit cannot be priced.
    """
    rates = outcome_rates(items)
    predicted = (
        dict(rto_rates.select("sku", "predicted_rate").iter_rows()) if rto_rates is not None else {}
    )
    on_date = as_of.astimezone(IST).date()
    result = {}
    for (sku,), group in items.group_by("sku"):
        known = group.filter(
            pl.col("zone").is_not_null(),
            pl.col("payment_type").is_not_null(),
            pl.col("unit_weight_g").is_not_null(),
        )
        latest = group.sort("ordered_at").tail(1).row(0, named=True)
        if known.is_empty() or latest["cost_price"] is None or latest["tier"] is None:
            continue
        mix = known.group_by("payment_type", "zone").agg(pl.col("quantity").sum())
        total = mix["quantity"].sum()
        sku_rates = rates[sku]
        if sku in predicted and predicted[sku] is not None:
            sku_rates = OutcomeRates(
                sku_rates.cancel, float(predicted[sku]), sku_rates.customer_return
            )
        result[str(sku)] = SkuEconomics(
            sku=str(sku),
            category=latest["category"],
            tier=latest["tier"],
            fulfilment=latest["fulfilment"] or "NON_FBF",
            cost_price=latest["cost_price"],
            unit_weight_g=known.sort("ordered_at")["unit_weight_g"][-1],
            on_date=on_date,
            mix=tuple(
                (row["payment_type"], row["zone"], row["quantity"] / total)
                for row in mix.sort("payment_type", "zone").iter_rows(named=True)
            ),
            rates=sku_rates,
            gst_points=_price_points(group.filter(pl.col("gst_rate").is_not_null()), "gst_rate"),
            shipping_points=tuple(
                (zone, price, charge)
                for zone, price, charge in known.with_columns(
                    (pl.col("shipping_charge") / pl.col("quantity")).alias("charge")
                )
                .group_by("zone", "unit_price")
                .agg(pl.col("charge").max())
                .select("zone", "unit_price", "charge")
                .iter_rows()
            ),
        )
    return result


def _price_points(group: pl.DataFrame, column: str) -> tuple[tuple[Decimal, Decimal], ...]:
    points = group.group_by("unit_price").agg(pl.col(column).max()).sort("unit_price")
    return tuple((row[0], Decimal(str(row[1]))) for row in points.iter_rows())


def current_prices(
    listings: pl.DataFrame, items: pl.DataFrame
) -> dict[str, tuple[Decimal, Decimal | None]]:
    """Return each SKU's listed selling price and MRP; without a listing, its last sold price."""
    result: dict[str, tuple[Decimal, Decimal | None]] = {}
    last_sold = items.sort("ordered_at").group_by("sku").agg(pl.col("unit_price").last())
    for sku, price in last_sold.iter_rows():
        result[sku] = (price, None)
    for row in listings.iter_rows(named=True):
        if row["selling_price"] is not None and row["selling_price"] > 0:
            result[row["sku"]] = (row["selling_price"], row["mrp"])
    return result
