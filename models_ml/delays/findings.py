"""Dispatch-delay findings: which weekdays, hours, SKUs, locations and sizes drive late dispatch.

Each dimension value is compared with all other judged shipments: its late rate against the
rest's, as a risk difference with a Newcombe interval. Findings are ranked by the interval's
lower bound, so the first row is the value whose excess late rate is largest with confidence,
not merely the largest on a handful of shipments.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import polars as pl

from models_ml.delays.intervals import newcombe_interval, z_value
from models_ml.delays.shipments import dimension_values, judged_shipments
from models_ml.registry import ModelVersion, model_version

MODEL_NAME = "dispatch_delay_patterns"
MODEL_KIND = "risk_difference"
DIMENSIONS = ("weekday", "hour_band", "sku", "location", "order_size")

FINDING_SCHEMA = {
    "dimension": pl.String,
    "value": pl.String,
    "orders": pl.Int64,
    "late": pl.Int64,
    "late_rate": pl.Float64,
    "rest_rate": pl.Float64,
    "effect": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
    "rank": pl.Int64,
}


@dataclass(frozen=True)
class DelaySettings:
    """Settings of the delay analysis."""

    # Days before as_of whose orders are analysed.
    window_days: int = 90
    # Minimum shipments with the value, and without it, for a value to be reported.
    min_orders: int = 30
    # Family-wise confidence of the intervals: Bonferroni-adjusted over every value reported.
    confidence: float = 0.95

    def __post_init__(self) -> None:
        if self.window_days < 1:
            raise ValueError(f"window_days must be at least 1, got {self.window_days}")
        if self.min_orders < 1:
            raise ValueError(f"min_orders must be at least 1, got {self.min_orders}")
        if not 0.0 < self.confidence < 1.0:
            raise ValueError(f"confidence must be between 0 and 1, got {self.confidence}")


@dataclass(frozen=True)
class DelayFindings:
    """Ranked findings (the ml.delay_findings columns) and the record of the run."""

    findings: pl.DataFrame
    version: ModelVersion


def find_delay_patterns(
    items: pl.DataFrame, as_of: datetime, settings: DelaySettings | None = None
) -> DelayFindings:
    """Rank dimension values by how much they raise the late ready-to-dispatch rate.

    `items` is an order item frame with the SLA columns (see `judged_shipments`). `orders`
    and `late` count shipments. `effect` is the value's late rate minus the rest's, and
    `low`/`high` its interval. A value is significant when `low` is above 0.

    NOTE: each effect is marginal (not adjusted for the other dimensions), so a SKU stocked
    only at a slow location shows part of that location's effect.
    """
    settings = settings or DelaySettings()
    shipments = judged_shipments(items, as_of, settings.window_days)
    total = shipments.height
    total_late = int(shipments["late"].sum()) if total else 0

    counts = _value_counts(shipments, items) if total else _empty_counts()
    counts = counts.filter(
        (pl.col("orders") >= settings.min_orders)
        & (total - pl.col("orders") >= settings.min_orders)
    )
    z = z_value(settings.confidence, max(counts.height, 1))
    findings = _with_effects(counts, total, total_late, z)

    version = _version(as_of, settings, shipments, findings, z)
    return DelayFindings(findings=findings, version=version)


def _value_counts(shipments: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    frames = []
    for name, values in dimension_values(shipments, items).items():
        counted = values.group_by("value").agg(
            pl.len().alias("orders"),
            pl.col("late").sum().cast(pl.Int64).alias("late"),
        )
        frames.append(counted.with_columns(pl.lit(name).alias("dimension")))
    return pl.concat(frames).select("dimension", "value", pl.col("orders").cast(pl.Int64), "late")


def _empty_counts() -> pl.DataFrame:
    return pl.DataFrame(
        schema={"dimension": pl.String, "value": pl.String, "orders": pl.Int64, "late": pl.Int64}
    )


def _with_effects(counts: pl.DataFrame, total: int, total_late: int, z: float) -> pl.DataFrame:
    """Add rates, risk differences and intervals, then rank by the interval's lower bound."""
    rows = []
    for dimension, value, orders, late in counts.iter_rows():
        rest_orders = total - orders
        rest_late = total_late - late
        low, high = newcombe_interval(late, orders, rest_late, rest_orders, z)
        rows.append(
            {
                "dimension": dimension,
                "value": value,
                "orders": orders,
                "late": late,
                "late_rate": late / orders,
                "rest_rate": rest_late / rest_orders,
                "effect": late / orders - rest_late / rest_orders,
                "low": low,
                "high": high,
            }
        )

    schema = {name: dtype for name, dtype in FINDING_SCHEMA.items() if name != "rank"}
    frame = pl.DataFrame(rows, schema=schema)
    frame = frame.sort(
        ["low", "effect", "dimension", "value"], descending=[True, True, False, False]
    )
    return frame.with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias("rank"))


def _version(
    as_of: datetime,
    settings: DelaySettings,
    shipments: pl.DataFrame,
    findings: pl.DataFrame,
    z: float,
) -> ModelVersion:
    window_start = as_of - timedelta(days=settings.window_days)
    params = {
        "window_days": settings.window_days,
        "min_orders": settings.min_orders,
        "confidence": settings.confidence,
        "interval": "newcombe_hybrid_score",
        "multiple_testing": "bonferroni",
    }
    late = int(shipments["late"].sum()) if shipments.height else 0
    metrics = {
        "shipments": float(shipments.height),
        "late_shipments": float(late),
        "late_rate": late / shipments.height if shipments.height else float("nan"),
        "findings": float(findings.height),
        "significant_findings": float(findings.filter(pl.col("low") > 0).height),
        "z": z,
    }
    return ModelVersion(
        name=MODEL_NAME,
        version=model_version(MODEL_NAME, window_start, as_of, DIMENSIONS, params, None),
        kind=MODEL_KIND,
        trained_at=as_of,
        window_start=window_start,
        window_end=as_of,
        features=DIMENSIONS,
        params=params,
        metrics=metrics,
        rows=shipments.height,
    )
