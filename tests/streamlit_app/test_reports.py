"""The Reports page and the exports against the published warehouse of the sandbox tenant."""

import io
from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from pypdf import PdfReader

from ingestion.warehouse.connection import open_warehouse
from sellerops.errors import PermissionDeniedError
from sellerops.exports import EXPORTS, ExportRequest
from sellerops.security.permissions import Role
from sellerops.services import list_audit_entries
from sellerops.services.exports import export_report

REPORT_TABS = {
    Role.OWNER: ["Export", "Upload Seller Hub report", "Uploaded reports"],
    Role.MANAGER: ["Export", "Upload Seller Hub report", "Uploaded reports"],
    Role.ACCOUNTANT: ["Export", "Upload Seller Hub report", "Uploaded reports"],
    Role.PACKER: ["Uploaded reports"],
    Role.VIEWER: ["Uploaded reports"],
}


@pytest.fixture(scope="module")
def period(dashboard):
    """The first and last order dates in the published warehouse."""
    connection = open_warehouse(dashboard.published, read_only=True)
    try:
        first, last = connection.execute(
            "select min(order_date), max(order_date) from marts.order_items"
        ).fetchone()
    finally:
        connection.close()
    return first, last


def kept_sales_value(dashboard, first: date, last: date) -> Decimal:
    """Order item value of kept sales, which is taxable value plus GST, item by item."""
    connection = open_warehouse(dashboard.published, read_only=True)
    try:
        (value,) = connection.execute(
            "select sum(order_item_value) from marts.order_items "
            "where outcome in ('open', 'delivered') and order_date between ? and ?",
            [first, last],
        ).fetchone()
    finally:
        connection.close()
    return value


@pytest.mark.parametrize("role", list(Role))
def test_reports_tabs_by_role(logged_in_app, role):
    at = logged_in_app(role, page="reports")

    assert not at.exception, at.exception
    assert at.header[0].value == "Reports"
    assert [tab.label for tab in at.tabs] == REPORT_TABS[role]


def test_gst_export_from_page(logged_in_app, dashboard, period):
    first, last = period
    at = logged_in_app(Role.ACCOUNTANT, page="reports")

    at.selectbox(key="export_kind").set_value("gst_summary")
    at.date_input(key="export_start").set_value(first)
    at.date_input(key="export_end").set_value(last)
    at.button(key="export_create").click().run()

    assert not at.exception, at.exception
    exported = at.session_state["reports_export"]
    assert exported.file_name == f"gst_summary_{first}_{last}.csv"
    frame = pl.read_csv(io.BytesIO(exported.content), infer_schema=False)
    taxable = sum(Decimal(value) for value in frame["taxable_value"])
    tax = sum(Decimal(value) for value in frame["total_tax"])
    items = int(frame["items"].cast(pl.Int64).sum())
    # Taxable value and GST are rounded to paise per item, so they may differ by 1 paisa each.
    difference = abs(taxable + tax - kept_sales_value(dashboard, first, last))
    assert difference <= Decimal("0.01") * items
    assert len(at.get("download_button")) >= 1


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_every_export_as_pdf(dashboard, period, kind):
    owner = dashboard.actors[Role.OWNER]
    request = ExportRequest(kind, *period, format="pdf")

    exported = export_report(owner, request)

    assert exported.content.startswith(b"%PDF")
    assert exported.media_type == "application/pdf"
    text = PdfReader(io.BytesIO(exported.content)).pages[0].extract_text()
    assert EXPORTS[kind].title in text


def test_export_of_one_account(dashboard, period):
    owner = dashboard.actors[Role.OWNER]
    both = export_report(owner, ExportRequest("sales", *period))
    first_account = export_report(
        owner, ExportRequest("sales", *period, account_id=dashboard.account_ids[0])
    )

    def units(exported):
        return int(pl.read_csv(io.BytesIO(exported.content))["units"].sum())

    assert 0 < units(first_account) < units(both)


def test_export_audited(dashboard, period):
    manager = dashboard.actors[Role.MANAGER]

    exported = export_report(manager, ExportRequest("returns", *period))

    entry = next(
        entry
        for entry in list_audit_entries(dashboard.actors[Role.OWNER], limit=200)
        if entry.action == "export.create" and entry.actor_label == manager.label
    )
    assert entry.object_id == "returns"
    assert entry.detail["rows"] == exported.rows
    assert entry.detail["format"] == "csv"


@pytest.mark.parametrize("role", [Role.PACKER, Role.VIEWER])
def test_export_refused(dashboard, period, role):
    with pytest.raises(PermissionDeniedError):
        export_report(dashboard.actors[role], ExportRequest("profit", *period))


RETURNS_REPORT = (
    "Return ID,Order Item ID,Order ID,SKU,Quantity,Return Type,Return Requested Date\n"
    "R-APPTEST-1,OI-APPTEST-1,OD-APPTEST-1,SKU-1,1,courier_return,2025-05-03\n"
    "R-APPTEST-2,OI-APPTEST-2,OD-APPTEST-2,SKU-1,two,courier_return,2025-05-04\n"
)


def test_upload_shows_kept_aside_rows(logged_in_app):
    at = logged_in_app(Role.ACCOUNTANT, page="reports")

    at.file_uploader(key="upload_file").set_value(
        ("returns-apptest.csv", RETURNS_REPORT.encode(), "text/csv")
    )
    at.run()
    at.button(key="upload_import").click().run()

    assert not at.exception, at.exception
    result = at.session_state["reports_import"]
    assert result.rows_loaded == 1
    assert result.rows_rejected == 1
    assert result.errors[0].value == "two"
    assert "Rows kept aside" in [subheader.value for subheader in at.subheader]
    assert any("1 rows loaded, 1 kept aside" in message.value for message in at.success)


def upload(at, name: str, text: str, report_type: str | None = None) -> None:
    at.file_uploader(key="upload_file").set_value((name, text.encode(), "text/csv"))
    at.run()
    if report_type is not None:
        at.selectbox(key="upload_type").set_value(report_type)
    at.button(key="upload_import").click().run()


def test_upload_unknown_headers_asks_type(logged_in_app):
    at = logged_in_app(Role.ACCOUNTANT, page="reports")

    upload(at, "notes.csv", "Note,Remark\nhello,world\n")

    assert not at.exception, at.exception
    (error,) = at.error
    assert "notes.csv" in error.value
    assert "choose its report type" in error.value
    assert "--type" not in error.value


def test_upload_uses_chosen_type(logged_in_app):
    at = logged_in_app(Role.ACCOUNTANT, page="reports")

    # Other rows than the earlier upload's, because a file imported before is not read again.
    text = RETURNS_REPORT.replace("APPTEST", "AS-SETTLEMENT")
    upload(at, "returns-as-settlement.csv", text, report_type="settlement")

    assert not at.exception, at.exception
    (error,) = at.error
    assert "returns-as-settlement.csv" in error.value
    assert "reports_import" not in at.session_state
