"""Report imports on both backends: registry, stored copy, warehouse rows and row errors."""

from __future__ import annotations

import stat
from decimal import Decimal

import pytest
from factories import account_input, member, new_tenant
from report_files import (
    PNL_SAMPLE,
    SETTLEMENT_SAMPLE,
    SETTLEMENT_SECOND_ROW,
    returns_csv,
    settlement_with_bad_row,
    settlement_without_neft_id,
)
from sqlalchemy import func, select

from ingestion.reports import MissingColumnError
from ingestion.reports.report_types import UnknownReportTypeError
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from sellerops.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from sellerops.models import AuditEntry
from sellerops.security.permissions import Role
from sellerops.services import add_account
from sellerops.services.report_imports import import_report, safe_file_name
from sellerops.services.report_uploads import get_report_upload, list_report_uploads


@pytest.fixture
def owner(store):
    return new_tenant(store, "acme")


@pytest.fixture
def account_id(owner):
    return add_account(owner, account_input("main")).id


def warehouse_rows(store, sql, parameters=()):
    path = warehouse_paths(store.settings.data_dir, "acme").working
    connection = open_warehouse(path, read_only=True)
    try:
        return connection.execute(sql, list(parameters)).fetchall()
    finally:
        connection.close()


def audit_count(store):
    with store.operator_read() as session:
        return session.scalar(select(func.count(AuditEntry.sequence)))


def test_pnl_import_counts(owner, account_id):
    result = import_report(owner, account_id, PNL_SAMPLE)

    assert result.report_type == "pnl"
    assert result.status == "loaded"
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (972, 972, 0)
    assert result.errors == ()
    assert result.already_imported is False


def test_pnl_import_rows_sum_to_summary(store, owner, account_id):
    import_report(owner, account_id, PNL_SAMPLE)

    sums = warehouse_rows(
        store,
        "SELECT sum(gross_units), sum(rto_units), sum(rvp_units), sum(cancelled_units), "
        "sum(total_expenses), sum(bank_settlement_projected), sum(amount_settled) "
        "FROM raw.report_pnl_orders WHERE account_id = ?",
        [account_id],
    )[0]

    assert sums[0] == 1517
    assert sums[1] == 284
    assert sums[2] == 40
    assert sums[3] == 230
    assert sums[4] == Decimal("-60673.34")
    assert sums[5] == Decimal("76723.46")
    assert sums[6] == Decimal("72413.02")
    assert sums[5] - sums[6] == Decimal("4310.44")


def test_pnl_import_summary_lines(store, owner, account_id):
    import_report(owner, account_id, PNL_SAMPLE)

    lines = {
        line: (units, amount)
        for line, units, amount in warehouse_rows(
            store, "SELECT line, units, amount FROM raw.report_pnl_summary"
        )
    }

    assert lines["gross_sales"] == (1517, Decimal("218070.00"))
    assert lines["rto"] == (-284, Decimal("-39178.00"))
    assert lines["rvp"] == (-40, Decimal("-7673.00"))
    assert lines["cancelled"] == (-230, Decimal("-30137.00"))
    assert lines["total_expenses"] == (None, Decimal("-60673.34"))
    assert lines["bank_settlement"] == (None, Decimal("76723.46"))
    assert lines["already_paid"] == (None, Decimal("72413.02"))
    assert lines["pending"] == (None, Decimal("4310.44"))


def test_settlement_import_exact_values(store, owner, account_id):
    result = import_report(owner, account_id, SETTLEMENT_SAMPLE)

    rows = warehouse_rows(
        store,
        "SELECT row_number, neft_id, bank_settlement_value, return_type, reverse_shipping_fee "
        "FROM raw.report_settlement_rows ORDER BY row_number",
    )
    assert result.report_type == "settlement"
    assert [row[0] for row in rows] == [10, 11, 12]
    assert {row[1] for row in rows} == {"NFT-/XUTR/DEUTH832850E7FRSA"}
    assert [row[2] for row in rows] == [Decimal("98.606"), Decimal("-189.98"), Decimal("8.54")]
    assert rows[1][3] == "Customer Return"
    assert rows[1][4] == Decimal("-155")


def test_same_file_twice_one_import(store, owner, account_id):
    first = import_report(owner, account_id, SETTLEMENT_SAMPLE)
    files_before = warehouse_rows(store, "SELECT * FROM raw.report_files")
    entries_before = audit_count(store)

    second = import_report(owner, account_id, SETTLEMENT_SAMPLE)

    assert second.already_imported is True
    assert second.upload_id == first.upload_id
    assert second.rows_loaded == 3
    assert warehouse_rows(store, "SELECT * FROM raw.report_files") == files_before
    assert warehouse_rows(store, "SELECT count(*) FROM raw.report_settlement_rows") == [(3,)]
    assert audit_count(store) == entries_before
    assert len(list_report_uploads(owner)) == 1


def test_stored_copy_by_hash(store, owner, account_id):
    result = import_report(owner, account_id, SETTLEMENT_SAMPLE)

    stored = store.settings.data_dir / "uploads" / "acme" / f"{result.file_hash}.csv"
    assert stored.read_bytes() == SETTLEMENT_SAMPLE.read_bytes()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert [path.name for path in stored.parent.iterdir()] == [stored.name]


def test_bad_row_rejected_rest_loaded(store, owner, account_id, tmp_path):
    path = settlement_with_bad_row(tmp_path / "settlement.csv")

    result = import_report(owner, account_id, path)

    assert result.status == "loaded"
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
    assert [error.row_number for error in result.errors] == [SETTLEMENT_SECOND_ROW]
    assert result.errors[0].value == "twelve rupees"
    assert "Bank Settlement Value" in result.errors[0].column
    assert get_report_upload(owner, result.upload_id).errors == result.errors
    loaded = warehouse_rows(store, "SELECT row_number FROM raw.report_settlement_rows")
    assert sorted(row[0] for row in loaded) == [10, 12]
    recorded = warehouse_rows(
        store, 'SELECT row_number, "column", value FROM raw.report_import_errors'
    )
    assert recorded == [(SETTLEMENT_SECOND_ROW, result.errors[0].column, "twelve rupees")]


def test_missing_column_marks_failed(owner, account_id, tmp_path):
    path = settlement_without_neft_id(tmp_path / "no-neft.csv")

    with pytest.raises(MissingColumnError, match="'NEFT ID'"):
        import_report(owner, account_id, path)

    upload = list_report_uploads(owner, account_id)[0]
    assert upload.status == "failed"
    assert upload.report_type == "settlement"
    assert "no-neft.csv" in upload.error
    assert "'NEFT ID'" in upload.error


def test_failed_upload_retried_with_type(owner, account_id, tmp_path):
    path = returns_csv(tmp_path / "returns.csv")
    with pytest.raises(MissingColumnError):
        import_report(owner, account_id, path, "settlement")

    result = import_report(owner, account_id, path)

    assert result.already_imported is False
    assert result.status == "loaded"
    assert result.report_type == "returns"
    assert len(list_report_uploads(owner)) == 1


def test_unknown_type_names_file(owner, account_id, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")

    with pytest.raises(UnknownReportTypeError) as raised:
        import_report(owner, account_id, path)

    message = str(raised.value)
    assert "notes.csv" in message
    assert "settlement, pnl, orders, returns" in message


def test_type_option_validated(owner, account_id):
    with pytest.raises(InvalidInputError, match="Unknown report type 'gst'"):
        import_report(owner, account_id, SETTLEMENT_SAMPLE, "gst")


def test_missing_file_rejected(owner, account_id, tmp_path):
    with pytest.raises(InvalidInputError, match="does not exist"):
        import_report(owner, account_id, tmp_path / "absent.csv")


def test_unknown_account_not_found(owner):
    with pytest.raises(NotFoundError):
        import_report(owner, "no-such-account", SETTLEMENT_SAMPLE)


def test_packer_denied(owner, account_id):
    packer = member(owner, Role.PACKER)

    with pytest.raises(PermissionDeniedError, match="packer"):
        import_report(packer, account_id, SETTLEMENT_SAMPLE)
    assert list_report_uploads(owner) == []


def test_accountant_allowed(owner, account_id):
    accountant = member(owner, Role.ACCOUNTANT)

    assert import_report(accountant, account_id, SETTLEMENT_SAMPLE).status == "loaded"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("report.csv", "report.csv"),
        ("../../etc/passwd.csv", "passwd.csv"),
        ("C:\\Users\\me\\May.xlsx", "May.xlsx"),
        ("bad\x00name.csv", "bad_name.csv"),
    ],
)
def test_safe_file_name(given, expected):
    assert safe_file_name(given) == expected
