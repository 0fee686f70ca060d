"""Intelligence: RTO risk of open orders, price suggestions, dispatch-delay patterns, fast movers.

The figures come from the `ml` tables the pipeline's models write before each publish. The
page needs PROFIT_VIEW because price suggestions carry expected profit. Accepting a price goes
through `sellerops.services.pricing.accept_price_suggestion`, which checks PRICE_UPDATE and the
price guardrails again and audits the push.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import streamlit as st

from sellerops.errors import SellerOpsError
from sellerops.security.permissions import Action
from sellerops.services.pricing import PUSHED, accept_price_suggestion
from sellerops.services.warehouse_reads import PublishedWarehouse
from streamlit_app.components.formatting import (
    format_count,
    format_inr,
    format_ist,
    format_rate,
    plain,
)
from streamlit_app.components.metrics import Card, metric_row
from streamlit_app.components.sidebar import account_choices
from streamlit_app.components.states import (
    data_freshness,
    empty_state,
    page_header,
    warehouse_ready,
)
from streamlit_app.components.tables import data_table, money_column
from streamlit_app.context import PageContext
from streamlit_app.figures.charts import bar_chart
from streamlit_app.figures.intelligence import delay_effect_chart, risk_band_chart
from streamlit_app.queries import intelligence as queries
from streamlit_app.queries.source import warehouse_for

PAYMENT_TYPES = ["COD", "PREPAID"]
PERCENT = st.column_config.NumberColumn(format="percent")
RISK_COLUMNS = {
    "order_item_id": "Order item",
    "order_id": "Order",
    "sku": "SKU",
    "payment_type": "Payment",
    "delivery_state": "State",
    "delivery_pincode": "Pincode",
    "current_stage": "Stage",
    "ordered_at": st.column_config.DatetimeColumn(
        "Ordered", format="DD MMM YYYY, HH:mm", timezone="Asia/Kolkata"
    ),
    "order_item_value": money_column("Item value"),
    "rto_probability": st.column_config.ProgressColumn(
        "RTO risk", min_value=0.0, max_value=1.0, format="percent"
    ),
    "model_kind": "Model",
}
PRICE_COLUMNS = {
    "account": "Account",
    "sku": "SKU",
    "current_price": money_column("Current price"),
    "suggested_price": money_column("Suggested price"),
    "expected_profit_change": money_column(
        "Profit change per day", "Expected change of the SKU's daily profit at the new price."
    ),
    "low": money_column("Low", "Lower end of the 90% interval of the profit change."),
    "high": money_column("High", "Upper end of the 90% interval of the profit change."),
    "min_price": money_column(
        "Margin floor",
        "Lowest price that keeps a delivered sale's margin at 10%; empty when no price within "
        "one step does.",
    ),
    "guardrail": st.column_config.TextColumn(
        "Guardrail", help="The limit that stopped the price: max_step, mrp or min_margin."
    ),
    "elasticity": st.column_config.NumberColumn("Elasticity", format="%.2f"),
    "elasticity_source": "Estimated from",
    "no_suggestion_reason": st.column_config.TextColumn(
        "Why no suggestion",
        help="Set when the SKU's sales do not show demand falling as the price rises, so no "
        "price is suggested.",
    ),
}
DELAY_COLUMNS = {
    "account": "Account",
    "dimension": "Dimension",
    "value": "Group",
    "orders": "Shipments",
    "late": "Late",
    "late_rate": st.column_config.NumberColumn("Late rate", format="percent"),
    "rest_rate": st.column_config.NumberColumn("Rest's late rate", format="percent"),
    "effect": st.column_config.NumberColumn("Effect", format="percent"),
    "low": st.column_config.NumberColumn("Effect low", format="percent"),
    "high": st.column_config.NumberColumn("Effect high", format="percent"),
    "significant": st.column_config.CheckboxColumn(
        "Significant", help="True when the whole interval of the effect is above zero."
    ),
}
MOVER_COLUMNS = {
    "account": "Account",
    "sku": "SKU",
    "units_7d": "Units, 7 days",
    "units_30d": "Units, 30 days",
    "velocity": st.column_config.NumberColumn("Units per day", format="%.2f"),
    "trend": "Trend",
    "abc_class": st.column_config.TextColumn(
        "ABC class", help="A: the SKUs that make the first 80% of revenue; B: the next 15%."
    ),
    "revenue_share": st.column_config.NumberColumn("Revenue share", format="percent"),
    "days_of_cover": st.column_config.NumberColumn(
        "Days of cover", format="%.1f", help="Available units over units sold per day."
    ),
}


def render(ctx: PageContext) -> None:
    """Draw the Intelligence page."""
    page_header("Intelligence", "Predictions and suggestions from the latest pipeline run", ctx)
    warehouse = warehouse_for(ctx, Action.PROFIT_VIEW)
    if not warehouse_ready(warehouse):
        return
    if not queries.has_ml_tables(warehouse):
        st.info(
            "The published data holds no model results in this release's layout yet. The next "
            "pipeline run trains the models after the warehouse build and publishes their "
            "results with the marts.",
            icon=":material/hourglass_empty:",
        )
        return

    names = _account_names(ctx)
    risk, prices, delays, movers = st.tabs(
        ["RTO risk", "Price suggestions", "Delay patterns", "Fast movers"]
    )
    with risk:
        _render_rto(ctx, warehouse, names)
    with prices:
        _render_prices(ctx, warehouse, names)
    with delays:
        _render_delays(ctx, warehouse, names)
    with movers:
        _render_movers(ctx, warehouse, names)
    data_freshness(warehouse)


def _account_names(ctx: PageContext) -> dict[str, str]:
    return {
        account_id: label
        for label, account_id in account_choices(ctx.actor).items()
        if account_id is not None
    }


def _with_account(frame: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    """Replace the account id with the account's name, first, for the tenant-wide tables."""
    return frame.with_columns(
        pl.col("account_id").replace_strict(names, default=pl.col("account_id")).alias("account")
    ).select("account", pl.exclude("account", "account_id"))


def _render_rto(ctx: PageContext, warehouse: PublishedWarehouse, names: dict[str, str]) -> None:
    summary = queries.rto_summary(warehouse, ctx.account_id)
    if summary.is_empty():
        empty_state("No open order items are scored: every order is delivered, cancelled or back.")
        return
    _model_notice(queries.model_runs(warehouse, ctx.account_id, queries.RTO_MODEL), names)

    items = int(summary.get_column("items").sum())
    high_risk = int(summary.get_column("high_risk").sum())
    expected = float(summary.get_column("expected_rto").sum())
    metric_row(
        [
            Card("Open items scored", format_count(items)),
            Card(
                "High RTO risk",
                format_count(high_risk),
                help=f"Items with a predicted RTO probability of {queries.HIGH_RISK:.0%} or more.",
            ),
            Card(
                "Expected RTOs",
                format_count(round(expected)),
                help="Sum of the open items' RTO probabilities.",
            ),
            Card("Mean RTO risk", format_rate(expected / items)),
        ]
    )
    st.plotly_chart(
        risk_band_chart(queries.rto_risk_bands(warehouse, ctx.account_id), queries.HIGH_RISK),
        key="intelligence_risk_chart",
    )

    minimum_column, payment_column = st.columns([2, 1])
    minimum = minimum_column.slider(
        "Minimum RTO risk",
        min_value=0,
        max_value=100,
        value=int(queries.HIGH_RISK * 100),
        step=5,
        format="%d%%",
        key="intelligence_min_risk",
    )
    payments = payment_column.multiselect(
        "Payment type", PAYMENT_TYPES, key="intelligence_payment", placeholder="All"
    )
    risky = queries.risky_items(warehouse, ctx.account_id, minimum / 100, payments)
    st.caption(
        f"The riskiest open items first, at most {format_count(queries.RISKY_ITEMS_SHOWN)}. "
        "Confirm COD orders with the buyer before dispatch, or offer prepaid payment."
    )
    data_table(
        risky,
        key="intelligence_risky",
        search_columns=("order_id", "sku", "delivery_state"),
        column_config=RISK_COLUMNS,
        file_name="rto-risk.csv",
        empty_message="No open item reaches this RTO risk; lower the minimum.",
    )


def _model_notice(runs: pl.DataFrame, names: dict[str, str]) -> None:
    """Say which RTO model scored each account, and why the baseline was used instead."""
    for run in runs.to_dicts():
        account = names.get(run["account_id"], run["account_id"])
        trained = format_ist(run["trained_at"])
        if run["kind"] == "lightgbm":
            metrics = json.loads(run["metrics"] or "{}")
            quality = ", ".join(
                f"{label} {metrics[key]:.2f}"
                for key, label in (("roc_auc", "ROC-AUC"), ("pr_auc", "PR-AUC"), ("brier", "Brier"))
                if isinstance(metrics.get(key), int | float)
            )
            st.caption(
                f"{account}: LightGBM model {run['model_version']}, trained on data up to "
                f"{trained}" + (f" (test set: {quality})." if quality else ".")
            )
        else:
            reason = run["fallback_reason"] or "too little labelled history"
            st.warning(
                f"{account}: scored by the fallback baseline (RTO rates by payment type and "
                f"delivery state), not the LightGBM model, because of {reason}. Version "
                f"{run['model_version']}, data up to {trained}.",
                icon=":material/model_training:",
            )


def _render_prices(ctx: PageContext, warehouse: PublishedWarehouse, names: dict[str, str]) -> None:
    suggestions = queries.price_suggestions(warehouse, ctx.account_id)
    if suggestions.is_empty():
        empty_state(
            "No price suggestions yet: the price model needs a SKU with 30 or more units sold "
            "at three or more prices in the last 180 days."
        )
        return

    priced = suggestions.filter(pl.col("suggested_price").is_not_null())
    changes = priced.filter(pl.col("suggested_price") != pl.col("current_price"))
    gain = changes.filter(pl.col("expected_profit_change") > 0)
    metric_row(
        [
            Card("SKUs priced", format_count(priced.height)),
            Card("Price changes suggested", format_count(changes.height)),
            Card(
                "Expected profit gain per day",
                format_inr(sum(gain.get_column("expected_profit_change").to_list(), start=0)),
                help="Sum of the suggested changes' expected daily profit change.",
            ),
            Card(
                "No suggestion",
                format_count(suggestions.height - priced.height),
                help="SKUs whose price response is unclear. The table's last column gives the "
                "reason.",
            ),
        ]
    )
    st.caption(
        "Each price stays within one step of 10% of the current price, at or below the MRP, "
        "and keeps a delivered sale's margin at 10% of the price or more."
    )
    data_table(
        _with_account(_price_table(suggestions), names),
        key="intelligence_prices",
        search_columns=("sku",),
        column_config=PRICE_COLUMNS,
        file_name="price-suggestions.csv",
    )
    _accept_form(ctx, changes, names)


def _price_table(suggestions: pl.DataFrame) -> pl.DataFrame:
    """Keep the reason only of the rows without a suggested price, as the last column.

    The reason of a suggested price is shown by the accept form when the row is chosen.
    """
    no_suggestion = pl.col("suggested_price").is_null()
    return suggestions.with_columns(
        pl.when(no_suggestion).then(pl.col("reason")).alias("no_suggestion_reason")
    ).drop("reason")


def _accept_form(ctx: PageContext, changes: pl.DataFrame, names: dict[str, str]) -> None:
    st.subheader("Accept a suggestion")
    if changes.is_empty():
        st.success(
            "Every SKU with a suggested price already sells at the price that earns the most "
            "within the guardrails.",
            icon=":material/check_circle:",
        )
        return
    rows = {_suggestion_label(row, names): row for row in changes.to_dicts()}
    label = st.selectbox("Suggested change", list(rows), key="intelligence_price_choice")
    row = rows[label]
    st.markdown(row["reason"])
    if not ctx.can(Action.PRICE_UPDATE):
        st.caption("Only owners and managers can change a listed price.")
        return
    if st.button(
        f"Set {row['sku']} to {format_inr(row['suggested_price'], paise=False)} on Flipkart",
        type="primary",
        icon=":material/sell:",
        key="intelligence_accept",
    ):
        _accept(ctx, row)


def _suggestion_label(row: dict[str, Any], names: dict[str, str]) -> str:
    account = names.get(row["account_id"], row["account_id"])
    return (
        f"{row['sku']} · {account}: {format_inr(row['current_price'], paise=False)} → "
        f"{format_inr(row['suggested_price'], paise=False)} "
        f"({format_inr(row['expected_profit_change'])} a day)"
    )


def _accept(ctx: PageContext, row: dict[str, Any]) -> None:
    # min_price is the margin floor the model searched within (null when no price within one
    # step reaches it). The service checks it, the step and the MRP against the live listing.
    try:
        change = accept_price_suggestion(
            ctx.actor,
            row["account_id"],
            row["sku"],
            row["suggested_price"],
            margin_floor=row["min_price"],
        )
    except SellerOpsError as error:
        st.error(plain(error), icon=":material/error:")
        return
    if change.status == PUSHED:
        st.success(
            f"{change.sku} now sells at {format_inr(change.new_price, paise=False)} on Flipkart "
            f"(was {format_inr(change.old_price, paise=False)}). The suggestions refresh after "
            "the next pipeline run.",
            icon=":material/check_circle:",
        )
    else:
        st.error(plain(f"Flipkart did not take the new price of {change.sku}: {change.error}"))


def _render_delays(ctx: PageContext, warehouse: PublishedWarehouse, names: dict[str, str]) -> None:
    findings = queries.delay_findings(warehouse, ctx.account_id)
    if findings.is_empty():
        empty_state(
            "No delay patterns: too few shipments were judged against their dispatch deadline."
        )
        return
    findings = findings.with_columns((pl.col("low") > 0).alias("significant"))
    significant = findings.filter(pl.col("significant"))
    if significant.is_empty():
        st.success(
            "No weekday, hour, SKU, location or order size is late significantly more often "
            "than the rest.",
            icon=":material/check_circle:",
        )
    else:
        st.plotly_chart(delay_effect_chart(significant), key="intelligence_delay_chart")
    st.caption(
        "Late: marked ready to dispatch after the dispatch deadline. Each group is compared "
        "with all other shipments; effects are not adjusted for the other dimensions."
    )
    data_table(
        _with_account(findings.drop("rank"), names),
        key="intelligence_delays",
        column_config=DELAY_COLUMNS,
        file_name="delay-patterns.csv",
    )


def _render_movers(ctx: PageContext, warehouse: PublishedWarehouse, names: dict[str, str]) -> None:
    movers = queries.fast_movers(warehouse, ctx.account_id)
    if movers.is_empty():
        empty_state("No SKU sold in the last 30 days.")
        return
    rising = movers.filter(pl.col("trend") == "rising")
    short = movers.filter(pl.col("days_of_cover") < 7)
    metric_row(
        [
            Card("SKUs sold, 30 days", format_count(movers.height)),
            Card("Class A SKUs", format_count(movers.filter(pl.col("abc_class") == "A").height)),
            Card("Rising", format_count(rising.height)),
            Card(
                "Under 7 days of cover",
                format_count(short.height),
                inverse=True,
                help="SKUs whose available stock lasts less than a week at their velocity.",
            ),
        ]
    )
    top = movers.head(queries.TOP_MOVERS)
    figure = bar_chart(
        top,
        "sku",
        "velocity",
        title="Fastest-moving SKUs, units per day over 30 days",
        y_title="Units per day",
        horizontal=True,
        tickformat=".1f",
    )
    st.plotly_chart(figure, key="intelligence_movers_chart")
    data_table(
        _with_account(movers, names),
        key="intelligence_movers",
        search_columns=("sku",),
        column_config=MOVER_COLUMNS,
        file_name="fast-movers.csv",
    )
