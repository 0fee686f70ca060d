"""`sellerops import-report`, run in-process on both backends."""

import pytest
from report_files import (
    SETTLEMENT_SAMPLE,
    SETTLEMENT_SECOND_ROW,
    settlement_with_bad_row,
    settlement_without_neft_id,
)
from test_cli_core import OWNER_ENV, add_account, as_owner, cli, tenant

from ingestion.reports.report_types import REPORT_TYPES
from sellerops.cli.reports import TYPE_NAMES

__all__ = ["cli", "tenant"]  # fixtures used by the tests below


@pytest.fixture
def account(tenant):
    assert add_account(tenant).exit_code == 0
    listing = tenant(*as_owner("account", "list"), env=OWNER_ENV)
    return listing.stdout.split("\t", 1)[0]


def run_import(run, account, path, *extra):
    return run(*as_owner("import-report", str(path), "--account", account, *extra), env=OWNER_ENV)


def test_import_prints_counts(tenant, account):
    result = run_import(tenant, account, SETTLEMENT_SAMPLE)

    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("Imported settlement report settlement_report_excerpt.csv as upload")
    assert first.endswith(": 3 rows read, 3 loaded, 0 rejected, 0 ignored.")


def test_import_repeat_says_already(tenant, account):
    assert run_import(tenant, account, SETTLEMENT_SAMPLE).exit_code == 0

    result = run_import(tenant, account, SETTLEMENT_SAMPLE)

    assert result.exit_code == 0, result.output
    assert "was already imported as upload" in result.stdout
    assert "nothing changed. 3 rows read, 3 loaded, 0 rejected, 0 ignored." in result.stdout


def test_import_lists_rejected_rows(tenant, account, tmp_path):
    path = settlement_with_bad_row(tmp_path / "bad.csv")

    result = run_import(tenant, account, path)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": 3 rows read, 2 loaded, 1 rejected, 0 ignored.")
    assert lines[1] == "Rejected rows:"
    assert lines[2] == (
        f"  row {SETTLEMENT_SECOND_ROW}\t'Payment Details / Bank Settlement Value (Rs.)'\t"
        "'twelve rupees'\t'twelve rupees' is not a number"
    )
    assert len(lines) == 3


def test_import_missing_column_exits_1(tenant, account, tmp_path):
    path = settlement_without_neft_id(tmp_path / "no-neft.csv")

    result = run_import(tenant, account, path)

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: import of no-neft.csv failed: Settlement report")
    assert "'NEFT ID'" in result.stderr


def test_import_undetected_type_names_option(tenant, account, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Note,Remark\nhello,world\n")

    result = run_import(tenant, account, path)

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: import of notes.csv failed: notes.csv: no header row")
    assert result.stderr.strip().endswith("choose its report type with --type")


def test_import_type_override(tenant, account):
    result = run_import(tenant, account, SETTLEMENT_SAMPLE, "--type", "returns")

    assert result.exit_code == 1
    assert "Returns report settlement_report_excerpt.csv" in result.stderr


def test_import_unknown_type_exits_2(tenant, account):
    result = run_import(tenant, account, SETTLEMENT_SAMPLE, "--type", "gst")

    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: Unknown report type 'gst'; use one of: settlement, pnl, orders, returns."
    )


def test_help_lists_report_types():
    assert ", ".join(REPORT_TYPES) == TYPE_NAMES


def test_import_by_account_name(tenant, account):
    result = run_import(tenant, "main", SETTLEMENT_SAMPLE)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported settlement report")


def test_import_unknown_account_exits_2(tenant, account):
    result = run_import(tenant, "no-such-account", SETTLEMENT_SAMPLE)

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: No seller account 'no-such-account' in tenant 'acme'")
