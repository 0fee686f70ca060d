"""Reports: CSV and PDF exports of the warehouse, and uploads of Seller Hub report files.

Exports go through `sellerops.services.exports`, uploads through `report_imports`; both check
the permission and write the audit log.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import streamlit as st

from sellerops.documents.pdf.formatting import INDIA
from sellerops.errors import SellerOpsError
from sellerops.exports import EXPORTS, ExportRequest
from sellerops.security.permissions import Action
from sellerops.services.accounts import list_accounts
from sellerops.services.exports import export_report
from sellerops.services.report_imports import REPORT_TYPES, SUPPORTED_SUFFIXES, import_report
from sellerops.services.report_uploads import ImportResult, list_report_uploads
from streamlit_app.components.formatting import format_ist, plain
from streamlit_app.components.states import page_header
from streamlit_app.components.tables import data_table
from streamlit_app.context import PageContext
from streamlit_app.views.scheduled_reports import render_scheduled_reports

EXPORT_KEY = "reports_export"
IMPORT_KEY = "reports_import"
DETECT_TYPE = "Detect from the headers"
DEFAULT_DAYS = 30


def render(ctx: PageContext) -> None:
    """Draw the Reports page."""
    page_header("Reports", "Exports for your accountant and imports of Seller Hub reports", ctx)
    tabs = []
    if ctx.can(Action.EXPORT_CREATE):
        tabs.append(("Export", _exports))
    if ctx.can(Action.REPORT_IMPORT):
        tabs.append(("Upload Seller Hub report", _upload))
    tabs.append(("Uploaded reports", _uploads))
    for container, (_title, draw) in zip(st.tabs([title for title, _ in tabs]), tabs, strict=True):
        with container:
            draw(ctx)
    render_scheduled_reports(ctx)


def _exports(ctx: PageContext) -> None:
    kinds = list(EXPORTS)
    kind = st.selectbox(
        "Report", kinds, format_func=lambda key: EXPORTS[key].title, key="export_kind"
    )
    st.caption(EXPORTS[kind].description)
    today = datetime.now(INDIA).date()
    left, middle, right = st.columns(3)
    start = left.date_input("From", today - timedelta(days=DEFAULT_DAYS), key="export_start")
    end = middle.date_input("To (included)", today, key="export_end")
    file_format = right.radio(
        "Format", ["csv", "pdf"], format_func=str.upper, horizontal=True, key="export_format"
    )
    if st.button("Create export", type="primary", key="export_create"):
        request = ExportRequest(kind, start, end, ctx.account_id, file_format)
        with st.spinner("Building the export…"):
            st.session_state[EXPORT_KEY] = export_report(ctx.actor, request)

    exported = st.session_state.get(EXPORT_KEY)
    if exported is not None:
        st.success(f"{exported.file_name}: {exported.rows:,} rows.")
        st.download_button(
            f"Download {exported.file_name}",
            exported.content,
            file_name=exported.file_name,
            mime=exported.media_type,
            icon=":material/download:",
            key="export_download",
        )


def _upload(ctx: PageContext) -> None:
    accounts = {
        account.name: account.id for account in list_accounts(ctx.actor) if account.is_active
    }
    if not accounts:
        st.info("Add a seller account in Settings before uploading its reports.")
        return
    default = next((name for name, id_ in accounts.items() if id_ == ctx.account_id), None)
    names = list(accounts)
    name = st.selectbox(
        "Seller account", names, index=names.index(default) if default else 0, key="upload_account"
    )
    upload = st.file_uploader(
        "Seller Hub report (orders, returns, settlement or P&L; XLSX or CSV)",
        type=sorted(suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES),
        key="upload_file",
    )
    chosen = st.selectbox(
        "Report type",
        [DETECT_TYPE, *REPORT_TYPES],
        key="upload_type",
        help="Choose a type only when the import cannot tell it from the file's headers.",
    )
    report_type = None if chosen == DETECT_TYPE else chosen
    if upload is not None and st.button("Import report", type="primary", key="upload_import"):
        with tempfile.TemporaryDirectory(prefix="sellerops-upload-") as folder:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            try:
                st.session_state[IMPORT_KEY] = import_report(
                    ctx.actor, accounts[name], path, report_type
                )
            except SellerOpsError as error:
                st.error(plain(error))
                return
            except ValueError as error:
                st.error(plain(f"{upload.name} could not be read as a Seller Hub report: {error}"))
                return

    result: ImportResult | None = st.session_state.get(IMPORT_KEY)
    if result is not None:
        show_import_result(result)


def show_import_result(result: ImportResult) -> None:
    """Show an import's counts, warnings and the rows it kept aside."""
    if result.already_imported:
        st.info(f"{result.file_name} was imported before; nothing changed.")
    elif result.status == "loaded":
        st.success(
            f"{result.file_name} ({result.report_type}): {result.rows_loaded:,} rows loaded, "
            f"{result.rows_rejected:,} kept aside, {result.rows_ignored:,} ignored."
        )
    else:
        st.error(plain(f"{result.file_name}: {result.error or result.status}"))
    for warning in result.warnings:
        st.warning(warning)
    if result.errors:
        st.subheader("Rows kept aside")
        rows = [
            {
                "row": error.row_number,
                "column": error.column,
                "value": error.value,
                "problem": error.reason,
            }
            for error in result.errors
        ]
        data_table(pl.DataFrame(rows), key="import_errors", file_name="kept-aside-rows.csv")


def _uploads(ctx: PageContext) -> None:
    uploads = list_report_uploads(ctx.actor, ctx.account_id)
    rows = [
        {
            "file": upload.file_name,
            "type": upload.report_type,
            "status": upload.status,
            "rows_loaded": upload.rows_loaded,
            "rows_kept_aside": upload.rows_rejected,
            "uploaded_at": format_ist(upload.created_at),
        }
        for upload in uploads
    ]
    data_table(
        pl.DataFrame(rows),
        key="uploads",
        search_columns=("file", "type"),
        file_name="uploads.csv",
        empty_message="No Seller Hub report has been uploaded yet.",
    )
