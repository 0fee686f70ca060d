"""RTO features known before dispatch, and labels, from the order item frame.

Every feature of an item is computed from what was known at its order time: the order itself
and the outcomes of earlier items whose outcome was already known then. History rates (the
RTO rate of earlier order items by delivery state, pincode, category and SKU) are smoothed
toward their parent: pincode toward state, state toward all items, SKU toward category,
category toward all items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

# Outcomes that label an item: an RTO is 1, a delivery (even one returned later by the buyer)
# is 0. Open and cancelled items have no label.
LABELS = {"rto": 1, "delivered": 0, "customer_return": 0}
IST_ZONE = "Asia/Kolkata"
ZONE_CODES = {"local": 0, "zonal": 1, "national": 2}
ACCOUNT_TIER_CODES = {"BRONZE": 0, "SILVER": 1, "GOLD": 2, "PLATINUM": 3}

# Each entry is (feature, grouping columns, parent feature). Parents come before their children.
HISTORY_RATES = (
    ("state_rto_rate", ("delivery_state_code",), "overall_rto_rate"),
    ("pincode_rto_rate", ("delivery_pincode",), "state_rto_rate"),
    ("category_rto_rate", ("category",), "overall_rto_rate"),
    ("sku_rto_rate", ("sku",), "category_rto_rate"),
)

# Columns of the order item frame that the features and labels read.
REQUIRED_COLUMNS = (
    "order_item_id",
    "account_id",
    "order_id",
    "shipment_id",
    "sku",
    "category",
    "quantity",
    "unit_price",
    "selling_price",
    "flipkart_discount",
    "payment_type",
    "is_cod",
    "delivery_state_code",
    "delivery_pincode",
    "zone",
    "ordered_at",
    "outcome",
    "delivered_at",
    "returned_at",
    "cancelled_at",
    "shipment_type",
    "account_tier",
)
IDENTITY_COLUMNS = (
    "order_item_id",
    "order_id",
    "shipment_id",
    "sku",
    "payment_type",
    "delivery_state_code",
    "ordered_at",
    "outcome",
    "label",
    "label_known_at",
    "is_cancelled",
    "is_open",
)
FEATURES = (
    "is_cod",
    "zone_code",
    "is_express",
    "account_tier_code",
    "log_unit_price",
    "log_shipment_value",
    "discount_share",
    "quantity",
    "shipment_items",
    "ist_hour",
    "ist_weekday",
    "overall_rto_rate",
    *(feature for feature, _, _ in HISTORY_RATES),
)


@dataclass(frozen=True)
class HistorySmoothing:
    """Shrinkage of history rates toward their parent rate.

    A group with fewer than `min_volume` labelled items takes its parent's rate. From there
    on, its rate is (RTOs + prior_weight x parent rate) / (items + prior_weight), so the
    parent counts as `prior_weight` items.
    """

    prior_weight: float = 20.0
    min_volume: int = 5

    def __post_init__(self) -> None:
        if self.prior_weight < 0:
            raise ValueError(f"HistorySmoothing.prior_weight must be >= 0, got {self.prior_weight}")
        if self.min_volume < 1:
            raise ValueError(f"HistorySmoothing.min_volume must be >= 1, got {self.min_volume}")


def label_items(items: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """Add `label`, `label_known_at`, `is_cancelled` and `is_open` as they stood at `as_of`.

    `label` is 1 for an RTO, 0 for a delivery and null otherwise. An RTO is known when the item
    reached the RETURNED stage, and a delivery when it was delivered. A sync that first fetches
    an item after the buyer returned it has no delivery time, so the return time is used.
    A label known after `as_of` is null. An item whose outcome time was never observed gets no
    label, so it never enters any item's history. An item is open when it is neither labelled
    nor cancelled by `as_of`.
    """
    known_at = (
        pl.when(pl.col("outcome") == "rto")
        .then(pl.col("returned_at"))
        .when(pl.col("outcome") == "delivered")
        .then(pl.col("delivered_at"))
        .when(pl.col("outcome") == "customer_return")
        .then(pl.coalesce("delivered_at", "returned_at"))
    )
    is_known = known_at <= as_of
    label = pl.col("outcome").replace_strict(LABELS, default=None, return_dtype=pl.Int8)
    is_cancelled = (pl.col("outcome") == "cancelled") & (
        pl.col("cancelled_at").is_null() | (pl.col("cancelled_at") <= as_of)
    )

    labelled = items.with_columns(
        label=pl.when(is_known).then(label),
        label_known_at=pl.when(is_known).then(known_at),
        is_cancelled=is_cancelled,
    )
    return labelled.with_columns(is_open=pl.col("label").is_null() & ~pl.col("is_cancelled"))


def build_features(
    items: pl.DataFrame, as_of: datetime, smoothing: HistorySmoothing | None = None
) -> pl.DataFrame:
    """Return one row per order item ordered by `as_of`: ids, label, state and every feature.

    Only outcomes known by `as_of` count, so rebuilding from a later warehouse with the same
    `as_of` gives the same features. Columns: IDENTITY_COLUMNS, then FEATURES in order. Rows
    are sorted by order time, then order item id.
    """
    as_of = utc_as_of(as_of)
    check_columns(items)
    smoothing = smoothing or HistorySmoothing()

    ordered = items.filter(pl.col("ordered_at") <= as_of).sort("ordered_at", "order_item_id")
    frame = label_items(ordered, as_of)
    frame = frame.with_columns(order_features())
    frame = frame.with_columns(shipment_features())
    frame = add_history_rates(frame, smoothing)
    return frame.select(*IDENTITY_COLUMNS, *FEATURES)


def check_columns(items: pl.DataFrame) -> None:
    """Reject a frame that lacks a column the features need."""
    missing = [name for name in REQUIRED_COLUMNS if name not in items.columns]
    if missing:
        raise ValueError(
            f"order items lack columns {', '.join(missing)}. Load them with "
            "models_ml.frames.order_item_frame."
        )


def order_features() -> list[pl.Expr]:
    """Features of the item's own order line."""
    selling_price = pl.col("selling_price").cast(pl.Float64)
    unit_price = pl.col("unit_price").cast(pl.Float64)
    ordered_ist = pl.col("ordered_at").dt.convert_time_zone(IST_ZONE)
    return [
        pl.col("is_cod").cast(pl.Float64).alias("is_cod"),
        pl.col("zone")
        .replace_strict(ZONE_CODES, default=None, return_dtype=pl.Float64)
        .alias("zone_code"),
        (pl.col("shipment_type") == "EXPRESS").cast(pl.Float64).alias("is_express"),
        pl.col("account_tier")
        .str.to_uppercase()
        .replace_strict(ACCOUNT_TIER_CODES, default=None, return_dtype=pl.Float64)
        .alias("account_tier_code"),
        pl.when(unit_price > 0).then(unit_price.log()).alias("log_unit_price"),
        pl.when(selling_price > 0)
        .then(pl.col("flipkart_discount").cast(pl.Float64).fill_null(0.0) / selling_price)
        .alias("discount_share"),
        pl.col("quantity").cast(pl.Float64).alias("quantity"),
        ordered_ist.dt.hour().cast(pl.Float64).alias("ist_hour"),
        ordered_ist.dt.weekday().cast(pl.Float64).alias("ist_weekday"),
    ]


def shipment_features() -> list[pl.Expr]:
    """Features of the whole shipment, because Flipkart returns a shipment as one parcel."""
    shipment_value = pl.col("selling_price").cast(pl.Float64).sum().over("shipment_id")
    return [
        pl.when(shipment_value > 0).then(shipment_value.log()).alias("log_shipment_value"),
        pl.len().over("shipment_id").cast(pl.Float64).alias("shipment_items"),
    ]


def add_history_rates(frame: pl.DataFrame, smoothing: HistorySmoothing) -> pl.DataFrame:
    """Add overall_rto_rate and every HISTORY_RATES column, each as known at order time."""
    overall = history_counts(frame, ())
    frame = frame.with_columns(
        overall_rto_rate=pl.when(overall["items"] >= smoothing.min_volume).then(
            overall["rtos"] / overall["items"]
        )
    )

    for feature, keys, parent in HISTORY_RATES:
        counts = history_counts(frame, keys)
        frame = frame.with_columns(counts["items"].alias("_items"), counts["rtos"].alias("_rtos"))
        frame = frame.with_columns(
            smoothed_rate(pl.col("_rtos"), pl.col("_items"), pl.col(parent), smoothing).alias(
                feature
            )
        )
    return frame.drop("_items", "_rtos")


def history_counts(frame: pl.DataFrame, keys: tuple[str, ...]) -> pl.DataFrame:
    """Return, per row of `frame`, the labelled items and RTOs of its group known before it.

    A label counts for an item only when `label_known_at` is strictly before the item's
    `ordered_at`. The result has columns `items` and `rtos` in the row order of `frame`.
    """
    key_columns = list(keys)
    events = (
        frame.filter(pl.col("label_known_at").is_not_null())
        .group_by(*key_columns, "label_known_at")
        .agg(items=pl.len(), rtos=pl.col("label").cast(pl.Int64).sum())
        .sort("label_known_at", *key_columns)
    )
    if key_columns:
        events = events.with_columns(
            pl.col("items").cum_sum().over(key_columns),
            pl.col("rtos").cum_sum().over(key_columns),
        )
    else:
        events = events.with_columns(pl.col("items").cum_sum(), pl.col("rtos").cum_sum())

    queries = frame.select(*key_columns, "ordered_at").with_row_index("row")
    joined = queries.sort("ordered_at").join_asof(
        events,
        left_on="ordered_at",
        right_on="label_known_at",
        by=key_columns or None,
        strategy="backward",
        allow_exact_matches=False,
        check_sortedness=False,
    )
    return joined.sort("row").select(pl.col("items").fill_null(0), pl.col("rtos").fill_null(0))


def smoothed_rate(
    rtos: pl.Expr, items: pl.Expr, parent: pl.Expr, smoothing: HistorySmoothing
) -> pl.Expr:
    """Shrink a group's RTO rate toward `parent` as HistorySmoothing describes.

    Where the parent is unknown (too little history overall), the group's raw rate is used
    once the group reaches the minimum volume.
    """
    rtos = rtos.cast(pl.Float64)
    items = items.cast(pl.Float64)
    weight = smoothing.prior_weight
    return (
        pl.when(items < smoothing.min_volume)
        .then(parent)
        .when(parent.is_null())
        .then(rtos / items)
        .otherwise((rtos + weight * parent) / (items + weight))
    )


def utc_as_of(as_of: datetime) -> datetime:
    """Return `as_of` in UTC, the zone of the frame's timestamps; reject a naive datetime."""
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        raise ValueError(
            f"as_of={as_of.isoformat()} has no time zone. Pass an aware datetime such as the "
            "latest sync's server time (sla_shipments.as_of)."
        )
    return as_of.astimezone(UTC)
