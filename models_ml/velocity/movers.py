"""Fast-moving SKUs: units sold, daily velocity, trend, ABC class and days of stock cover."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import polars as pl

from models_ml.registry import ModelVersion, model_version
from models_ml.velocity.classes import (
    ABC_A_SHARE,
    ABC_B_SHARE,
    TREND_FALLING_RATIO,
    TREND_MIN_UNITS,
    TREND_RISING_RATIO,
    abc_classes,
    trend_label,
)

MODEL_NAME = "fast_movers"
MODEL_KIND = "velocity_abc"
FEATURES = ("ordered_at", "quantity", "selling_price", "item_status", "available")

SHORT_DAYS = 7
# Velocity window; the same 30 days as the stock_cover mart's default window.
VELOCITY_DAYS = 30
# Trend compares the last TREND_DAYS with the TREND_DAYS before them.
TREND_DAYS = 14
ABC_DAYS = 90
VELOCITY_DECIMALS = 3
COVER_DECIMALS = 1

REQUIRED_COLUMNS = ("sku", "quantity", "selling_price", "ordered_at", "item_status")

MOVER_SCHEMA = {
    "sku": pl.String,
    "units_7d": pl.Int64,
    "units_30d": pl.Int64,
    "velocity": pl.Float64,
    "trend": pl.String,
    "abc_class": pl.String,
    "revenue_share": pl.Float64,
    "days_of_cover": pl.Float64,
}


@dataclass(frozen=True)
class FastMovers:
    """Per-SKU rows (the ml.fast_movers columns), fastest first, and the record of the run."""

    movers: pl.DataFrame
    version: ModelVersion


def find_fast_movers(
    items: pl.DataFrame, as_of: datetime, stock: pl.DataFrame | None = None
) -> FastMovers:
    """Compute each SKU's sales velocity, trend, ABC class and days of cover at `as_of`.

    Sales are order items not cancelled, counted by order time in windows that end at `as_of`
    (the start excluded, the end included), as the stock_cover mart counts them. `velocity`
    is units per day over the last 30 days. `revenue_share` is the SKU's share of selling
    price over the last 90 days, which also sets the ABC class. `stock` is marts.stock_cover,
    with one row per SKU and location. `days_of_cover` is the SKU's available units over all
    locations divided by `velocity`. It is null when the SKU has no stock rows or no sales.
    """
    if as_of.tzinfo is None:
        raise ValueError(f"as_of {as_of.isoformat()} has no time zone; pass an aware datetime.")
    missing = [column for column in REQUIRED_COLUMNS if column not in items.columns]
    if missing:
        raise ValueError(
            f"order item frame lacks columns {missing}; load it with "
            "models_ml.frames.order_item_frame."
        )

    _reject_mixed_accounts(items)
    end = as_of.astimezone(UTC)
    sales = _sales(items, end)
    units = _units(sales, end)
    revenue = _revenue(sales)
    available = _available(stock)

    skus = sorted(set(revenue) | set(available))
    classes = abc_classes({sku: revenue.get(sku, Decimal(0)) for sku in skus})
    total_revenue = sum(revenue.values(), Decimal(0))

    rows = []
    for sku in skus:
        short, long, recent, previous = units.get(sku, (0, 0, 0, 0))
        velocity = round(long / VELOCITY_DAYS, VELOCITY_DECIMALS)
        share = revenue.get(sku, Decimal(0)) / total_revenue if total_revenue else Decimal(0)
        rows.append(
            {
                "sku": sku,
                "units_7d": short,
                "units_30d": long,
                "velocity": velocity,
                "trend": trend_label(recent, previous),
                "abc_class": classes[sku],
                "revenue_share": float(share),
                "days_of_cover": _days_of_cover(available.get(sku), velocity),
            }
        )

    movers = pl.DataFrame(rows, schema=MOVER_SCHEMA).sort(
        ["velocity", "revenue_share", "sku"], descending=[True, True, False]
    )
    version = _version(as_of, sales.height, movers)
    return FastMovers(movers=movers, version=version)


def _sales(items: pl.DataFrame, end: datetime) -> pl.DataFrame:
    """Return the not-cancelled items ordered in the ABC window, the longest window used."""
    dtype = items.schema["ordered_at"]
    if not isinstance(dtype, pl.Datetime) or dtype.time_zone is None:
        raise ValueError(
            f"order item column 'ordered_at' is {dtype}, not a time-zone-aware datetime; "
            "load timestamps as TIMESTAMPTZ."
        )
    ordered_at = pl.col("ordered_at").dt.convert_time_zone("UTC")
    return items.filter(
        (pl.col("item_status") != "CANCELLED")
        & (ordered_at > end - timedelta(days=ABC_DAYS))
        & (ordered_at <= end)
    ).with_columns(ordered_at)


def _units(sales: pl.DataFrame, end: datetime) -> dict[str, tuple[int, int, int, int]]:
    """Return per SKU the units of the 7-day, 30-day, recent and previous trend windows."""

    def units_after(days: int, until_days: int = 0) -> pl.Expr:
        inside = (pl.col("ordered_at") > end - timedelta(days=days)) & (
            pl.col("ordered_at") <= end - timedelta(days=until_days)
        )
        return pl.col("quantity").filter(inside).sum().cast(pl.Int64)

    counted = sales.group_by("sku").agg(
        units_after(SHORT_DAYS).alias("short"),
        units_after(VELOCITY_DAYS).alias("long"),
        units_after(TREND_DAYS).alias("recent"),
        units_after(2 * TREND_DAYS, TREND_DAYS).alias("previous"),
    )
    return {
        sku: (short, long, recent, previous)
        for sku, short, long, recent, previous in counted.iter_rows()
    }


def _revenue(sales: pl.DataFrame) -> dict[str, Decimal]:
    totals = sales.group_by("sku").agg(pl.col("selling_price").fill_null(0).sum())
    return {sku: Decimal(str(total)) for sku, total in totals.iter_rows()}


def _available(stock: pl.DataFrame | None) -> dict[str, int]:
    """Return available units per SKU over all locations, negative levels counted as 0."""
    if stock is None:
        return {}
    missing = [column for column in ("sku", "available") if column not in stock.columns]
    if missing:
        raise ValueError(
            f"stock frame lacks columns {missing}; load it with models_ml.frames.stock_cover_frame."
        )
    totals = stock.group_by("sku").agg(pl.col("available").clip(lower_bound=0).sum())
    return {sku: int(units or 0) for sku, units in totals.iter_rows()}


def _days_of_cover(available: int | None, velocity: float) -> float | None:
    if available is None or velocity <= 0:
        return None
    return round(available / velocity, COVER_DECIMALS)


def _version(as_of: datetime, rows: int, movers: pl.DataFrame) -> ModelVersion:
    window_start = as_of - timedelta(days=ABC_DAYS)
    params = {
        "short_days": SHORT_DAYS,
        "velocity_days": VELOCITY_DAYS,
        "trend_days": TREND_DAYS,
        "abc_days": ABC_DAYS,
        "abc_a_share": ABC_A_SHARE,
        "abc_b_share": ABC_B_SHARE,
        "trend_rising_ratio": TREND_RISING_RATIO,
        "trend_falling_ratio": TREND_FALLING_RATIO,
        "trend_min_units": TREND_MIN_UNITS,
    }
    counts = {
        **{
            f"class_{letter}_skus": float(movers.filter(pl.col("abc_class") == letter).height)
            for letter in "ABC"
        },
        **{
            f"{trend}_skus": float(movers.filter(pl.col("trend") == trend).height)
            for trend in ("rising", "steady", "falling")
        },
    }
    metrics = {"skus": float(movers.height), **counts}
    return ModelVersion(
        name=MODEL_NAME,
        version=model_version(MODEL_NAME, window_start, as_of, FEATURES, params, None),
        kind=MODEL_KIND,
        trained_at=as_of,
        window_start=window_start,
        window_end=as_of,
        features=FEATURES,
        params=params,
        metrics=metrics,
        rows=rows,
    )


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
