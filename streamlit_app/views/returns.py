"""Returns & RTO: how many came back, why, what it cost, the weekly trend and risky SKUs."""

from __future__ import annotations

from datetime import date

import streamlit as st

from sellerops.security.permissions import Action
from streamlit_app.components.formatting import format_count, format_inr
from streamlit_app.components.metrics import Card, metric_row
from streamlit_app.components.states import (
    data_freshness,
    empty_state,
    page_header,
    warehouse_ready,
)
from streamlit_app.components.tables import data_table, money_column
from streamlit_app.context import PageContext
from streamlit_app.figures.charts import bar_chart, stacked_bars
from streamlit_app.queries import returns as queries
from streamlit_app.queries.source import warehouse_for


def render(ctx: PageContext) -> None:
    """Draw the Returns & RTO page."""
    page_header("Returns & RTO", "Returns to origin and customer returns, and their cost", ctx)
    warehouse = warehouse_for(ctx, Action.RETURNS_VIEW)
    if not warehouse_ready(warehouse):
        return
    bounds = queries.return_bounds(warehouse, ctx.account_id)
    if bounds is None:
        empty_state("No returns yet for this selection.")
        return

    chosen = st.date_input(
        "Return created",
        value=bounds,
        min_value=bounds[0],
        max_value=bounds[1],
        key="returns_dates",
        format="DD/MM/YYYY",
    )
    if not isinstance(chosen, tuple) or len(chosen) != 2:
        st.info("Pick the last day of the date range too.")
        return
    start, end = chosen

    totals = queries.return_totals(warehouse, ctx.account_id, start, end)
    metric_row(
        [
            Card(
                "RTO returns",
                format_count(totals["rto_returns"]),
                help="Shipments the courier brought back undelivered.",
            ),
            Card("Customer returns", format_count(totals["customer_returns"])),
            Card(
                "Loss from returns",
                format_inr(totals["loss"], paise=False),
                help="Fees kept by Flipkart, reverse shipping and damaged stock.",
            ),
            Card("Loss from RTO", format_inr(totals["rto_loss"], paise=False)),
        ]
    )
    _render_reasons(warehouse, ctx, start, end)
    _render_trend(warehouse, ctx)

    st.subheader("High-risk SKUs")
    st.caption(
        "SKUs whose RTO rate the marts flag as high; consider prepaid-only or a price change."
    )
    data_table(
        queries.high_risk_skus(warehouse, ctx.account_id),
        key="returns_risky",
        search_columns=("sku",),
        column_config={
            "sku": "SKU",
            "dispatched_units": "Dispatched",
            "rto_units": "RTO units",
            "customer_return_units": "Customer returns",
            "rto_rate": st.column_config.NumberColumn("RTO rate", format="percent"),
            "loss": money_column("Loss"),
        },
        file_name="high-risk-skus.csv",
        empty_message="No SKU is flagged as high RTO risk.",
    )
    data_freshness(warehouse)


def _render_reasons(warehouse, ctx: PageContext, start: date, end: date) -> None:
    reasons = queries.returns_by_reason(warehouse, ctx.account_id, start, end)
    st.subheader("Reasons")
    if reasons.is_empty():
        empty_state("No returns were created in this date range.")
        return
    chart, table = st.columns([3, 2])
    with chart:
        st.plotly_chart(
            bar_chart(
                reasons.head(12),
                "reason",
                "loss",
                title="Loss by reason",
                y_title="Rupees",
                money=True,
                horizontal=True,
                colour="loss",
            ),
            key="returns_reasons_chart",
        )
    with table:
        data_table(
            reasons.with_columns(reasons.get_column("return_type").replace(queries.RETURN_TYPES)),
            key="returns_reasons",
            column_config={
                "return_type": "Type",
                "reason": "Reason",
                "returns": "Returns",
                "units": "Units",
                "loss": money_column("Loss"),
            },
            file_name="return-reasons.csv",
        )


def _render_trend(warehouse, ctx: PageContext) -> None:
    weekly = queries.weekly_returns(warehouse, ctx.account_id)
    if weekly.is_empty():
        return
    st.plotly_chart(
        stacked_bars(
            weekly,
            "week_start",
            [
                ("rto_units", "RTO units", "loss"),
                ("customer_return_units", "Customer-return units", "warning"),
            ],
            title="Returned units per week",
            y_title="Units",
        ),
        key="returns_weekly_chart",
    )
