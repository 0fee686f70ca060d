"""The Scheduled reports section of the Reports page: stored reports with downloads, recipients.

The Dagster schedules generate the reports at 08:00 IST (daily, on Mondays and on the 1st).
This section only lists them and sets who receives them, through `sellerops.services`.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import streamlit as st

from sellerops.errors import SellerOpsError
from sellerops.models.scheduled_report import ALL_ACCOUNTS
from sellerops.scheduled_reports import Frequency, ReportPeriod, period_starting
from sellerops.scheduled_reports.content import parse_total
from sellerops.security.permissions import Action
from sellerops.services.accounts import list_accounts
from sellerops.services.scheduled_report_records import ReportView
from sellerops.services.scheduled_reports import (
    get_report_file,
    list_report_recipients,
    list_scheduled_reports,
    remove_report_recipient,
    set_report_recipient,
)
from streamlit_app.components.formatting import format_ist, plain
from streamlit_app.components.tables import data_table, money_column
from streamlit_app.context import PageContext

FREQUENCIES = [frequency.value for frequency in Frequency]
# Totals stay numbers, so the table sorts by them and the CSV download can be summed.
REPORT_TABLE_SCHEMA = {
    "period": pl.String,
    "frequency": pl.String,
    "covers": pl.String,
    "orders": pl.Int64,
    "net_sales": pl.Decimal(18, 2),
    "net_profit": pl.Decimal(18, 2),
    "output_gst": pl.Decimal(18, 2),
    "generated_at": pl.String,
}


def render_scheduled_reports(ctx: PageContext) -> None:
    """Draw the section for roles that may see scheduled reports; other roles see nothing."""
    if not ctx.can(Action.SCHEDULED_REPORT_VIEW):
        return
    st.subheader("Scheduled reports", divider="gray")
    st.caption(
        "Sales, profit, returns and GST summary as PDF (with charts) and CSV, generated at "
        "08:00 IST: daily for yesterday, on Mondays for last week, on the 1st for last month."
    )
    names = {account.id: account.name for account in list_accounts(ctx.actor)}
    reports = [
        report
        for report in list_scheduled_reports(ctx.actor)
        if ctx.all_accounts or report.scope in (ALL_ACCOUNTS, ctx.account_id)
    ]
    _report_table(reports, names)
    if reports:
        _downloads(ctx, reports, names)
    if ctx.can(Action.SCHEDULED_REPORT_CONFIGURE):
        _recipients(ctx)


def _covers(report: ReportView, names: dict[str, str]) -> str:
    if report.account_id is None:
        return "All accounts"
    return names.get(report.account_id, report.account_id)


def _period(report: ReportView) -> ReportPeriod:
    return period_starting(Frequency(report.frequency), report.period_start)


def _report_table(reports: list[ReportView], names: dict[str, str]) -> None:
    def total(report: ReportView, label: str) -> Decimal | int | None:
        text = report.totals.get(label)
        return parse_total(text) if text is not None else None

    rows = [
        {
            "period": _period(report).label,
            "frequency": report.frequency,
            "covers": _covers(report, names),
            "orders": total(report, "Orders"),
            "net_sales": total(report, "Net sales"),
            "net_profit": total(report, "Net profit"),
            "output_gst": total(report, "Output GST"),
            "generated_at": format_ist(report.created_at),
        }
        for report in reports
    ]
    data_table(
        pl.DataFrame(rows, schema=REPORT_TABLE_SCHEMA),
        key="scheduled_reports",
        search_columns=("period", "frequency", "covers"),
        column_config={
            "period": "Period",
            "frequency": "Frequency",
            "covers": "Covers",
            "orders": "Orders",
            "net_sales": money_column("Net sales"),
            "net_profit": money_column("Net profit"),
            "output_gst": money_column("Output GST"),
            "generated_at": "Generated (IST)",
        },
        file_name="scheduled-reports.csv",
        empty_message="No report has been generated yet; the first one comes at the next "
        "08:00 IST run after the pipeline has published data.",
    )


def _downloads(ctx: PageContext, reports: list[ReportView], names: dict[str, str]) -> None:
    by_id = {report.id: report for report in reports}
    report_id = st.selectbox(
        "Report to download",
        list(by_id),
        format_func=lambda key: (
            f"{by_id[key].frequency.capitalize()}, {_period(by_id[key]).label} "
            f"({_covers(by_id[key], names)})"
        ),
        key="scheduled_report_choice",
    )
    report = by_id[report_id]
    left, right = st.columns(2)
    # The files are read (and the download audited) only when a button is clicked.
    for column, file_format in ((left, "pdf"), (right, "csv")):
        column.download_button(
            f"Download report {file_format.upper()}",
            data=lambda file_format=file_format: (
                get_report_file(ctx.actor, report_id, file_format).content
            ),
            file_name=report.file_name(file_format),
            mime="application/pdf" if file_format == "pdf" else "text/csv",
            icon=":material/download:",
            key=f"scheduled_report_{file_format}",
        )


def _recipients(ctx: PageContext) -> None:
    with st.expander("Email recipients of scheduled reports"):
        st.caption(
            "Reports go out through the email channel set in Settings, with the PDF and the "
            "CSV attached."
        )
        with st.form("report_recipient_form", clear_on_submit=True):
            address = st.text_input("Email address", key="report_recipient_address")
            chosen = st.multiselect(
                "Reports", FREQUENCIES, default=["weekly"], key="report_recipient_frequencies"
            )
            if st.form_submit_button("Save recipient", key="report_recipient_save"):
                try:
                    set_report_recipient(ctx.actor, address, chosen)
                except SellerOpsError as error:
                    st.error(plain(error))
                else:
                    st.success(f"{address.strip().lower()} receives {', '.join(chosen)} reports.")

        for recipient in list_report_recipients(ctx.actor):
            left, right = st.columns([4, 1])
            left.write(f"{recipient.address}: {', '.join(recipient.frequencies)}")
            if right.button("Remove", key=f"report_recipient_remove_{recipient.id}"):
                remove_report_recipient(ctx.actor, recipient.id)
                st.rerun()
