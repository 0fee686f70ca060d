"""Queries of the Intelligence page: the `ml` tables the models write before each publish.

Each model replaces its account's rows on every pipeline run, so these tables hold the latest
scores only. `ml.model_versions` keeps every version, so the version shown is the one the
current rows name.
"""

from __future__ import annotations

import polars as pl

from sellerops.services.warehouse_reads import PublishedWarehouse
from streamlit_app.queries.filters import ACCOUNT_CONDITION, account_params
from streamlit_app.queries.source import read_frame

RTO_MODEL = "rto_risk"
PRICE_MODEL = "price_suggestions"
DELAY_MODEL = "dispatch_delay_patterns"
VELOCITY_MODEL = "fast_movers"
# Items at or above this RTO probability count as high risk in the summary cards.
HIGH_RISK = 0.30
# Rows the RTO table shows: the riskiest first. The cards count every scored item.
RISKY_ITEMS_SHOWN = 500
TOP_FINDINGS = 15
TOP_MOVERS = 15
ML_TABLES = (
    "model_versions",
    "rto_item_scores",
    "price_suggestions",
    "delay_findings",
    "fast_movers",
)


def has_ml_tables(warehouse: PublishedWarehouse) -> bool:
    """Return True when the published copy contains every table and column this page reads.

    A copy published by an older release may lack a newer column; the next pipeline run
    recreates such a table.
    """
    frame = read_frame(
        warehouse,
        "select count(distinct table_name) as tables, "
        "count(*) filter (where table_name = 'price_suggestions' and column_name = 'min_price') "
        "as floors "
        "from information_schema.columns "
        "where table_schema = 'ml' and list_contains($names, table_name)",
        {"names": list(ML_TABLES)},
    )
    return frame.item(0, "tables") == len(ML_TABLES) and frame.item(0, "floors") == 1


def model_runs(warehouse: PublishedWarehouse, account_id: str | None, name: str) -> pl.DataFrame:
    """Return, per account, the version of model `name` whose rows are current.

    Columns: account_id, model_version, kind, trained_at, window_start, window_end, rows,
    metrics (JSON text) and fallback_reason (set when the RTO model fell back to its baseline).
    """
    return read_frame(
        warehouse,
        f"""
        select account_id, model_version, kind, trained_at, window_start, window_end, rows,
               metrics::varchar as metrics, params ->> 'fallback_reason' as fallback_reason
        from ml.model_versions
        where name = $name and {ACCOUNT_CONDITION}
        qualify row_number() over (partition by account_id order by trained_at desc) = 1
        order by account_id
        """,  # noqa: S608 (constant SQL, bound values)
        {**account_params(account_id), "name": name},
    )


def rto_summary(warehouse: PublishedWarehouse, account_id: str | None) -> pl.DataFrame:
    """Return one row per model kind: scored open items, high-risk items and expected RTOs."""
    return read_frame(
        warehouse,
        f"""
        select model_kind, count(*)::bigint as items,
               count(*) filter (where rto_probability >= $high_risk)::bigint as high_risk,
               sum(rto_probability) as expected_rto, max(scored_at) as scored_at
        from ml.rto_item_scores
        where {ACCOUNT_CONDITION}
        group by 1
        order by 1
        """,  # noqa: S608 (constant SQL, bound values)
        {**account_params(account_id), "high_risk": HIGH_RISK},
    )


def rto_risk_bands(warehouse: PublishedWarehouse, account_id: str | None) -> pl.DataFrame:
    """Return the scored open items counted in bands of ten percentage points of RTO risk."""
    return read_frame(
        warehouse,
        f"""
        select least(floor(rto_probability * 10), 9)::integer as band, count(*)::bigint as items
        from ml.rto_item_scores
        where {ACCOUNT_CONDITION}
        group by 1
        order by 1
        """,  # noqa: S608 (constant SQL, bound values)
        account_params(account_id),
    )


def risky_items(
    warehouse: PublishedWarehouse,
    account_id: str | None,
    minimum: float,
    payment_types: list[str],
) -> pl.DataFrame:
    """Return the open items scored at `minimum` RTO risk or more, the riskiest first.

    An empty `payment_types` keeps every payment type. At most RISKY_ITEMS_SHOWN rows.
    """
    return read_frame(
        warehouse,
        f"""
        select s.order_item_id, i.order_id, i.sku, i.payment_type, i.delivery_state,
               i.delivery_pincode, i.current_stage, i.ordered_at, i.order_item_value,
               s.rto_probability, s.model_kind
        from ml.rto_item_scores s
        join marts.order_items i using (account_id, order_item_id)
        where ($account_id is null or s.account_id = $account_id)
          and s.rto_probability >= $minimum
          -- Scores and marts come from the same build, so this drops no scored item; it lets
          -- DuckDB skip the closed items (most of the table) before the join.
          and i.outcome = 'open'
          and (len($payment_types) = 0 or list_contains($payment_types, i.payment_type))
        order by s.rto_probability desc, s.order_item_id
        limit {RISKY_ITEMS_SHOWN}
        """,  # noqa: S608 (constant SQL, bound values)
        {**account_params(account_id), "minimum": minimum, "payment_types": payment_types},
    )


def price_suggestions(warehouse: PublishedWarehouse, account_id: str | None) -> pl.DataFrame:
    """Return every SKU's suggested price, the largest expected profit gain first.

    Rows without a suggested price (the SKU's price response is unclear) come last, and their
    `reason` explains why.
    """
    return read_frame(
        warehouse,
        """
        select p.account_id, p.sku, p.current_price, p.suggested_price,
               p.expected_profit_change, p.low, p.high, p.min_price, p.guardrail, p.elasticity,
               p.elasticity_source, p.reason
        from ml.price_suggestions p
        where ($account_id is null or p.account_id = $account_id)
        order by p.expected_profit_change desc nulls last, p.sku, p.account_id
        """,
        account_params(account_id),
    )


def delay_findings(warehouse: PublishedWarehouse, account_id: str | None) -> pl.DataFrame:
    """Return the dispatch-delay findings ranked by the lower bound of their effect.

    A finding is significant when `low`, the lower bound of its effect, is above zero.
    """
    return read_frame(
        warehouse,
        f"""
        select account_id, dimension, value, orders, late, late_rate, rest_rate, effect,
               low, high, rank
        from ml.delay_findings
        where {ACCOUNT_CONDITION}
        order by low desc, effect desc, account_id, rank
        limit {TOP_FINDINGS}
        """,  # noqa: S608 (constant SQL, bound values)
        account_params(account_id),
    )


def fast_movers(warehouse: PublishedWarehouse, account_id: str | None) -> pl.DataFrame:
    """Return the SKUs by daily velocity over 30 days, fastest first, with stock cover."""
    return read_frame(
        warehouse,
        f"""
        select account_id, sku, units_7d, units_30d, velocity, trend, abc_class,
               revenue_share, days_of_cover
        from ml.fast_movers
        where {ACCOUNT_CONDITION}
        order by velocity desc, revenue_share desc, sku
        """,  # noqa: S608 (constant SQL, bound values)
        account_params(account_id),
    )
