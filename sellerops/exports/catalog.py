"""The one table of exports: title, builder, and what the PDF summarizes and charts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import polars as pl

from sellerops.exports import builders
from sellerops.exports.request import ExportRequest
from sellerops.security.permissions import Action


@dataclass(frozen=True)
class ExportSpec:
    """One export: its builder, the warehouse read it needs, and the PDF's totals and chart.

    `totals` are summed into the PDF's summary; the chart plots `chart_value` (summed) per
    `chart_label`, largest first.
    """

    title: str
    description: str
    build: Callable[[duckdb.DuckDBPyConnection, ExportRequest], pl.DataFrame]
    read_action: Action
    totals: tuple[str, ...]
    chart_label: str
    chart_value: str


EXPORTS: dict[str, ExportSpec] = {
    "sales": ExportSpec(
        "Sales",
        "Orders, units and sales per day, with cancellations, RTO and customer returns.",
        builders.sales,
        Action.PROFIT_VIEW,
        ("orders", "units", "gross_value", "net_sales"),
        "day",
        "net_sales",
    ),
    "profit": ExportSpec(
        "Profit by SKU",
        "Revenue, each marketplace fee, cost of goods and net profit per SKU.",
        builders.profit,
        Action.PROFIT_VIEW,
        ("units_sold", "revenue", "marketplace_fees", "cost_of_goods", "net_profit"),
        "sku",
        "net_profit",
    ),
    "returns": ExportSpec(
        "Returns",
        "Every return created in the period with its reason, status and fee loss.",
        builders.returns,
        Action.RETURNS_VIEW,
        ("quantity", "loss"),
        "reason",
        "loss",
    ),
    "gst_summary": ExportSpec(
        "GST summary by state and rate",
        "Taxable value and CGST, SGST and IGST of kept sales by place of supply and rate.",
        builders.gst_summary,
        Action.PROFIT_VIEW,
        ("items", "taxable_value", "cgst", "sgst", "igst", "total_tax"),
        "state",
        "total_tax",
    ),
    "reconciliation": ExportSpec(
        "Settlement reconciliation",
        "Expected against settled amount per order item, with the verdict of each.",
        builders.reconciliation,
        Action.PROFIT_VIEW,
        ("expected_settlement", "settled_amount", "settlement_variance"),
        "verdict",
        "settlement_variance",
    ),
}
