"""Judged shipments: which shipments were late to ready-to-dispatch, and their dimension values.

A shipment is the unit of the dispatch promise (one dispatch-by per shipment), so every count
here is a count of shipments, whatever the number of items in them.
"""

from datetime import UTC, datetime, timedelta

import polars as pl

IST_ZONE = "Asia/Kolkata"

REQUIRED_COLUMNS = (
    "shipment_id",
    "sku",
    "location_id",
    "quantity",
    "ordered_at",
    "dispatch_by",
    "ready_to_dispatch_at",
    "sla_status",
)
TIME_COLUMNS = ("ordered_at", "dispatch_by", "ready_to_dispatch_at", "cancelled_at")

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# IST hours at which the order-hour bands begin; each band runs to the next start.
HOUR_BAND_STARTS = (0, 6, 10, 14, 18)
HOUR_BAND_LABELS = tuple(
    f"{first:02d}:00-{after_last - 1:02d}:59"
    for first, after_last in zip(HOUR_BAND_STARTS, (*HOUR_BAND_STARTS[1:], 24), strict=True)
)
# Units per shipment at or above which shipments share the last order-size band.
LARGE_SHIPMENT_UNITS = 3


def judged_shipments(items: pl.DataFrame, as_of: datetime, window_days: int) -> pl.DataFrame:
    """Return one row per shipment ordered in the window whose dispatch outcome is known.

    Late means ready to dispatch after dispatch-by, breached by the SLA mart, or cancelled
    after dispatch-by without becoming ready (the seller had missed the deadline by then).
    Open shipments, shipments cancelled before dispatch-by and shipments whose
    ready-to-dispatch time the API could not show are left out.
    """
    if as_of.tzinfo is None:
        raise ValueError(f"as_of {as_of.isoformat()} has no time zone; pass an aware datetime.")
    if window_days < 1:
        raise ValueError(f"window_days must be at least 1, got {window_days}")
    missing = [column for column in REQUIRED_COLUMNS if column not in items.columns]
    if missing:
        raise ValueError(
            f"order item frame lacks columns {missing}; load it with "
            "models_ml.frames.order_item_frame, which adds the SLA columns."
        )

    _reject_mixed_accounts(items)
    items = _times_in_utc(items)
    shipments = items.group_by("shipment_id").agg(
        pl.col("ordered_at").min(),
        pl.col("location_id").drop_nulls().first(),
        pl.col("quantity").sum().alias("units"),
        pl.col("dispatch_by").min(),
        pl.col("ready_to_dispatch_at").min(),
        pl.col("sla_status").first(),
        pl.col("cancelled_at").min(),
    )

    window_end = as_of.astimezone(UTC)
    window_start = window_end - timedelta(days=window_days)
    in_window = (pl.col("ordered_at") > window_start) & (pl.col("ordered_at") <= window_end)
    late = (
        pl.when(pl.col("ready_to_dispatch_at").is_not_null())
        .then(pl.col("ready_to_dispatch_at") > pl.col("dispatch_by"))
        .when(pl.col("sla_status") == "breached")
        .then(pl.lit(True))
        .when(
            (pl.col("sla_status") == "cancelled") & (pl.col("cancelled_at") > pl.col("dispatch_by"))
        )
        .then(pl.lit(True))
        .when(pl.col("sla_status") == "on_time")
        .then(pl.lit(False))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
    )
    return (
        shipments.filter(in_window)
        .with_columns(late.alias("late"))
        .filter(pl.col("late").is_not_null())
    )


def dimension_values(shipments: pl.DataFrame, items: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Return, per dimension, (shipment_id, late, value) rows of the judged `shipments`.

    A shipment has one row per distinct SKU in `items` under the SKU dimension, and one row
    under every other dimension.
    """
    ordered_in_ist = pl.col("ordered_at").dt.convert_time_zone(IST_ZONE)
    base = shipments.select("shipment_id", "late", "ordered_at", "location_id", "units")

    weekday = base.with_columns(
        ordered_in_ist.dt.weekday()
        .replace_strict(list(range(1, 8)), list(WEEKDAY_NAMES), return_dtype=pl.String)
        .alias("value")
    )
    hour_band = base.with_columns(_hour_band(ordered_in_ist.dt.hour()).alias("value"))
    location = base.with_columns(pl.col("location_id").alias("value"))
    order_size = base.with_columns(_size_band(pl.col("units")).alias("value"))
    sku = (
        items.select("shipment_id", pl.col("sku").alias("value"))
        .unique()
        .join(base.select("shipment_id", "late"), on="shipment_id", how="inner")
    )

    dimensions = {
        "weekday": weekday,
        "hour_band": hour_band,
        "sku": sku,
        "location": location,
        "order_size": order_size,
    }
    return {
        name: frame.select("shipment_id", "late", "value").drop_nulls("value")
        for name, frame in dimensions.items()
    }


def _hour_band(hour: pl.Expr) -> pl.Expr:
    band = pl.lit(HOUR_BAND_LABELS[0])
    for first, label in zip(HOUR_BAND_STARTS[1:], HOUR_BAND_LABELS[1:], strict=True):
        band = pl.when(hour >= first).then(pl.lit(label)).otherwise(band)
    return band


def _size_band(units: pl.Expr) -> pl.Expr:
    return (
        pl.when(units >= LARGE_SHIPMENT_UNITS)
        .then(pl.lit(f"{LARGE_SHIPMENT_UNITS}+ units"))
        .when(units == 1)
        .then(pl.lit("1 unit"))
        .otherwise(units.cast(pl.String) + pl.lit(" units"))
    )


def _times_in_utc(items: pl.DataFrame) -> pl.DataFrame:
    """Convert the time columns to UTC, adding a null cancelled_at when the frame has none."""
    if "cancelled_at" not in items.columns:
        items = items.with_columns(
            pl.lit(None, dtype=pl.Datetime("us", "UTC")).alias("cancelled_at")
        )
    for column in TIME_COLUMNS:
        dtype = items.schema[column]
        if dtype == pl.Null:
            items = items.with_columns(pl.col(column).cast(pl.Datetime("us", "UTC")))
            continue
        if not isinstance(dtype, pl.Datetime) or dtype.time_zone is None:
            raise ValueError(
                f"order item column {column!r} is {dtype}, not a time-zone-aware datetime; "
                "load timestamps as TIMESTAMPTZ."
            )
        items = items.with_columns(pl.col(column).dt.convert_time_zone("UTC"))
    return items


def _reject_mixed_accounts(frame: pl.DataFrame) -> None:
    """Raise ValueError when `frame` has an account_id column with more than one account."""
    if "account_id" not in frame.columns:
        return
    accounts = frame["account_id"].drop_nulls().unique().sort().to_list()
    if len(accounts) > 1:
        raise ValueError(
            f"frame contains {len(accounts)} accounts, among them {accounts[0]} and "
            f"{accounts[1]}. Load one account at a time with order_item_frame(connection, "
            "account_id)."
        )
