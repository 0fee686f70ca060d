"""The marts' own totals of a period, read straight from the published warehouse.

These are the figures a scheduled report must reproduce. They are summed here with plain SQL
over the marts, without the export builders that the report uses.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from ingestion.warehouse.connection import open_warehouse

QUERIES = {
    "sales": (
        "select sum(orders), sum(units), sum(gross_value), sum(net_sales) "
        "from marts.sales_daily where period_start between $start and $end",
        ("Orders", "Units ordered", "Gross sales", "Net sales"),
    ),
    "profit": (
        "select sum(revenue), sum(marketplace_fees), sum(cost_of_goods), sum(net_profit) "
        "from marts.sku_profit_daily where period_start between $start and $end",
        ("Revenue", "Marketplace fees", "Cost of goods", "Net profit"),
    ),
    "returns": (
        "select sum(quantity), sum(loss) from marts.returns "
        "where cast(created_at as date) between $start and $end",
        ("Units returned", "Return loss"),
    ),
    "gst_summary": (
        "select sum(taxable_value), sum(cgst_amount + sgst_amount + igst_amount) "
        "from marts.order_items "
        "where outcome in ('open', 'delivered') and order_date between $start and $end",
        ("Taxable value", "Output GST"),
    ),
}


def marts_totals(published: Path, start: date, end: date) -> dict[str, Decimal]:
    """Return each headline's total over the marts for `start`..`end`, as Decimal (0 if none)."""
    connection = open_warehouse(published, read_only=True)
    try:
        totals = {}
        for sql, labels in QUERIES.values():
            row = connection.execute(sql, {"start": start, "end": end}).fetchone()
            for label, value in zip(labels, row, strict=True):
                totals[label] = Decimal(str(value)) if value is not None else Decimal(0)
        return totals
    finally:
        connection.close()
