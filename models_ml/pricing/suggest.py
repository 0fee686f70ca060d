"""Price suggestions: the profit-maximizing price of each SKU within the guardrails.

`suggest_prices` estimates demand (`demand`), prices each SKU's profit (`profit`, `fees`) and
searches the allowed prices (`search`). The interval of each expected profit change draws the
elasticity from its normal sampling distribution. A SKU whose elasticity is below zero with a
probability under `PricingParams.negative_elasticity_confidence` gets no suggested price
(`has_clear_price_response`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import numpy as np
import polars as pl

from models_ml.pricing.demand import (
    IST,
    Elasticity,
    daily_sales,
    day_effects,
    demand_level,
    estimate_elasticities,
)
from models_ml.pricing.economics import current_prices, sku_economics
from models_ml.pricing.fees import parse_rate_card, to_paise
from models_ml.pricing.guardrails import MAX_STEP_SHARE, MIN_MARGIN_SHARE, PriceLimits
from models_ml.pricing.profit import ProfitModel
from models_ml.pricing.reasons import reason_text, unclear_reason_text
from models_ml.pricing.search import PriceChoice, choose_price, price_limits
from models_ml.registry import ModelVersion, model_version

MODEL_NAME = "price_suggestions"
MODEL_KIND = "poisson_glm"
FEATURES = ("log_price", "weekday", "trend")
SUGGESTION_COLUMNS = (
    "sku",
    "current_price",
    "suggested_price",
    "min_price",
    "max_price",
    "expected_profit_change",
    "low",
    "high",
    "reason",
    "guardrail",
    "elasticity",
    "elasticity_source",
)
MONEY = pl.Decimal(18, 2)


@dataclass(frozen=True)
class PricingParams:
    """Settings of one pricing run."""

    window_days: int = 180  # days of sales before as_of used to estimate demand
    interval_draws: int = 400  # elasticity draws for the interval of the profit change
    interval_level: float = 0.90  # central probability of [low, high]
    # Minimum probability that the elasticity is below zero for a SKU to get a suggested price.
    negative_elasticity_confidence: float = 0.90


@dataclass(frozen=True)
class PriceSuggestions:
    """The suggestions frame (ml.price_suggestions columns) and the inputs behind each row."""

    frame: pl.DataFrame
    limits: dict[str, PriceLimits]
    elasticities: dict[str, Elasticity]
    version: ModelVersion


def suggest_prices(
    items: pl.DataFrame,
    listings: pl.DataFrame,
    rate_card: pl.DataFrame,
    *,
    as_of: datetime,
    seed: int,
    rto_rates: pl.DataFrame | None = None,
    params: PricingParams = PricingParams(),
) -> PriceSuggestions:
    """Suggest a price for every listed SKU with sales in the window.

    Each row's `min_price` and `max_price` are the guardrail bounds the search used
    (`PriceLimits.margin_floor` and `PriceLimits.high`): pass `min_price` as the margin floor
    when accepting the suggestion. `min_price` is null when no price within one step keeps the
    minimum margin, and then only `max_price` is allowed.

    A SKU without a clear price response (`has_clear_price_response`) keeps its row with a null
    `suggested_price`, `expected_profit_change`, `low`, `high` and `guardrail`, and a reason
    that starts with "Price response unclear".

    The three frames are those of `models_ml.frames.pricing_frames`: items contains one row per
    order item, listings the current sku, selling_price and mrp, rate_card the rate card
    seed's rows. rto_rates, when given, contains each SKU's predicted RTO rate (sku,
    predicted_rate) and replaces the observed one. Raises ValueError on a naive as_of and
    NotEnoughPriceHistory (a ValueError) when no SKU has enough history.
    """
    if as_of.tzinfo is None:
        raise ValueError(
            f"as_of {as_of.isoformat()} has no time zone; pass the sync's aware server time."
        )
    check_one_account(items, listings)
    window_start = as_of - timedelta(days=params.window_days)
    window = items.filter(pl.col("ordered_at") < as_of, pl.col("ordered_at") >= window_start)

    daily = daily_sales(window, as_of, params.window_days)
    daily = daily.join(day_effects(daily), on="day")
    categories = dict(window.select("sku", "category").unique("sku").iter_rows())
    elasticities = {estimate.sku: estimate for estimate in estimate_elasticities(daily, categories)}
    rules = parse_rate_card(rate_card.to_dicts())
    economics = sku_economics(window, as_of, rto_rates)
    current = current_prices(listings, window)

    rng = np.random.default_rng(seed)
    rows, limits = [], {}
    as_of_day = as_of.astimezone(IST).date()
    for sku in sorted(elasticities):
        if sku not in economics or sku not in current:
            continue
        price, mrp = current[sku]
        estimate = elasticities[sku]
        model = ProfitModel(rules, economics[sku])
        if not has_clear_price_response(estimate, params.negative_elasticity_confidence):
            limits[sku] = price_limits(model, price, mrp)
            rows.append(_unclear_row(estimate, limits[sku], params.negative_elasticity_confidence))
            continue

        series = daily.filter(pl.col("sku") == sku).sort("day")
        level = demand_level(series, estimate.elasticity, float(price), as_of_day)
        choice = choose_price(model, price, mrp, estimate.elasticity, level)
        limits[sku] = choice.limits
        low, high = _interval(choice, model, estimate, level, rng, params)
        rows.append(
            {
                "sku": sku,
                "current_price": price,
                "suggested_price": choice.price,
                "min_price": choice.limits.margin_floor,
                "max_price": choice.limits.high,
                "expected_profit_change": to_paise(Decimal(str(choice.change))),
                "low": to_paise(Decimal(str(low))),
                "high": to_paise(Decimal(str(high))),
                "reason": reason_text(choice, model, estimate),
                "guardrail": choice.guardrail,
                "elasticity": estimate.elasticity,
                "elasticity_source": estimate.source,
            }
        )

    frame = pl.DataFrame(rows, schema=_schema(), orient="row") if rows else _empty()
    version = _version(window, elasticities, as_of, window_start, seed, params, frame)
    return PriceSuggestions(frame, limits, elasticities, version)


def check_one_account(items: pl.DataFrame, listings: pl.DataFrame) -> None:
    """Reject items or listings of several seller accounts.

    Each account lists a SKU at its own price, so mixed listings would give a SKU the price
    of whichever account's row came last. Frames without an account_id column pass.
    """
    accounts: set[str] = set()
    for frame in (items, listings):
        if "account_id" in frame.columns:
            accounts.update(frame["account_id"].drop_nulls().unique().to_list())
    if len(accounts) > 1:
        listed = ", ".join(sorted(accounts)[:3]) + (", ..." if len(accounts) > 3 else "")
        raise ValueError(
            f"Price suggestions are per seller account, but the items and listings contain "
            f"{len(accounts)} accounts ({listed}); load one with "
            "pricing_frames(connection, account_id)."
        )


def has_clear_price_response(estimate: Elasticity, confidence: float) -> bool:
    """Return True when the SKU's elasticity is below zero with at least `confidence`.

    Only such a SKU gets a suggested price. Where demand may not fall as the price rises, the
    profit search would pick the highest allowed price on noise alone. Raises ValueError when
    `confidence` is not a probability.
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(
            f"Elasticity confidence {confidence} is invalid; pass a probability, e.g. 0.90."
        )
    return estimate.probability_negative() >= confidence


def _unclear_row(estimate: Elasticity, limits: PriceLimits, confidence: float) -> dict[str, object]:
    """Return the row of a SKU without a clear price response: no price, only the reason."""
    return {
        "sku": estimate.sku,
        "current_price": limits.current_price,
        "suggested_price": None,
        "min_price": limits.margin_floor,
        "max_price": limits.high,
        "expected_profit_change": None,
        "low": None,
        "high": None,
        "reason": unclear_reason_text(estimate, confidence),
        "guardrail": None,
        "elasticity": estimate.elasticity,
        "elasticity_source": estimate.source,
    }


def _interval(
    choice: PriceChoice,
    model: ProfitModel,
    estimate: Elasticity,
    level: float,
    rng: np.random.Generator,
    params: PricingParams,
) -> tuple[float, float]:
    """Return the central interval of the profit change over draws of the elasticity."""
    draws = rng.normal(estimate.elasticity, estimate.standard_error, params.interval_draws)
    ratio = float(choice.price / choice.current_price)
    changes = level * (
        ratio**draws * model.unit_profit(choice.price) - model.unit_profit(choice.current_price)
    )
    tail = (1.0 - params.interval_level) / 2.0
    low, high = np.quantile(changes, [tail, 1.0 - tail])
    return float(low), float(high)


def _schema() -> dict[str, pl.DataType]:
    return {
        "sku": pl.String,
        "current_price": MONEY,
        "suggested_price": MONEY,
        "min_price": MONEY,
        "max_price": MONEY,
        "expected_profit_change": MONEY,
        "low": MONEY,
        "high": MONEY,
        "reason": pl.String,
        "guardrail": pl.String,
        "elasticity": pl.Float64,
        "elasticity_source": pl.String,
    }


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=_schema())


def _version(
    window: pl.DataFrame,
    elasticities: Mapping[str, Elasticity],
    as_of: datetime,
    window_start: datetime,
    seed: int,
    params: PricingParams,
    frame: pl.DataFrame,
) -> ModelVersion:
    settings = {
        **asdict(params),
        "min_margin_share": str(MIN_MARGIN_SHARE),
        "max_step_share": str(MAX_STEP_SHARE),
    }
    sources = [estimate.source for estimate in elasticities.values()]
    unclear = frame["suggested_price"].null_count()
    metrics = {
        "skus_suggested": float(frame.height - unclear),
        "skus_price_response_unclear": float(unclear),
        "skus_own_elasticity": float(sources.count("own")),
        "skus_pooled_elasticity": float(sources.count("pooled")),
        "skus_category_elasticity": float(sources.count("category")),
        "expected_profit_change_per_day": float(
            frame["expected_profit_change"].cast(pl.Float64).sum()
        ),
    }
    return ModelVersion(
        name=MODEL_NAME,
        version=model_version(MODEL_NAME, window_start, as_of, FEATURES, settings, seed),
        kind=MODEL_KIND,
        trained_at=as_of,
        window_start=window_start,
        window_end=as_of,
        features=FEATURES,
        params=settings,
        metrics=metrics,
        rows=window.height,
    )
