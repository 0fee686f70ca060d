"""Report recipients, storage and sending rules on SQLite and PostgreSQL, without a warehouse."""

import json
from datetime import UTC, date, datetime

import pytest
from factories import account_input, member, new_tenant
from sqlalchemy import select

from sellerops.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from sellerops.models import AuditEntry
from sellerops.scheduled_reports import Frequency, period_starting
from sellerops.security.permissions import Role
from sellerops.services import add_account
from sellerops.services.scheduled_report_records import ReportFiles, record_report
from sellerops.services.scheduled_report_sending import NO_EMAIL_CHANNEL
from sellerops.services.scheduled_reports import (
    generate_report,
    get_report_file,
    list_report_deliveries,
    list_report_recipients,
    list_scheduled_reports,
    remove_report_recipient,
    run_scheduled_reports,
    send_report,
    set_report_recipient,
)

WEEK = period_starting(Frequency.WEEKLY, date(2026, 11, 23))
FILES = ReportFiles(pdf=b"%PDF-1.4 report", csv=b"section,orders\nsales,3\n", totals={"Orders": 3})


def test_recipient_set_updates_frequencies(store):
    owner = new_tenant(store, "acme")

    first = set_report_recipient(owner, " Ops@Acme.example ", ["weekly", "daily"])
    second = set_report_recipient(owner, "ops@acme.example", ["monthly"])

    assert first.id == second.id
    assert first.frequencies == ("daily", "weekly")
    assert [(r.address, r.frequencies) for r in list_report_recipients(owner)] == [
        ("ops@acme.example", ("monthly",))
    ]


def test_recipient_removed(store):
    owner = new_tenant(store, "acme")
    recipient = set_report_recipient(owner, "ops@acme.example", ["weekly"])

    remove_report_recipient(owner, recipient.id)

    assert list_report_recipients(owner) == []
    with pytest.raises(NotFoundError, match=recipient.id):
        remove_report_recipient(owner, recipient.id)


@pytest.mark.parametrize(
    ("address", "frequencies", "message"),
    [
        ("not-an-address", ["weekly"], "Email address 'not-an-address' is invalid"),
        ("ops@acme.example", ["hourly"], "Unknown report frequency 'hourly'"),
        ("ops@acme.example", [], "No report frequency given"),
    ],
)
def test_recipient_input_rejected(store, address, frequencies, message):
    owner = new_tenant(store, "acme")

    with pytest.raises(InvalidInputError, match=message):
        set_report_recipient(owner, address, frequencies)


def test_run_without_warehouse_skipped(store):
    owner = new_tenant(store, "acme")
    add_account(owner, account_input())

    result = run_scheduled_reports(owner, WEEK)

    assert result.reports == []
    assert result.skipped == "the tenant has no published warehouse yet"
    assert list_scheduled_reports(owner) == []
    with store.operator_read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "scheduled_report.run")
        ).one()
    assert json.loads(entry.detail_json)["skipped"] == result.skipped


def test_run_without_account_skipped(store):
    owner = new_tenant(store, "acme")

    result = run_scheduled_reports(owner, WEEK)

    assert result.skipped == "the tenant has no active seller account"


def test_record_twice_keeps_first(store):
    owner = new_tenant(store, "acme")

    first = record_report(owner, WEEK, None, FILES)
    second = record_report(owner, WEEK, None, FILES)

    assert second.id == first.id
    assert second.already_generated
    assert not first.already_generated
    assert first.totals == {"Orders": "3"}
    assert [report.id for report in list_scheduled_reports(owner)] == [first.id]


def test_report_file_exact_bytes(store):
    owner = new_tenant(store, "acme")
    report = record_report(owner, WEEK, None, FILES)

    pdf = get_report_file(owner, report.id, "pdf")
    csv = get_report_file(owner, report.id, "csv")

    assert (pdf.file_name, pdf.media_type, pdf.content) == (
        "weekly-report_2026-11-23_2026-11-29.pdf",
        "application/pdf",
        FILES.pdf,
    )
    assert (csv.media_type, csv.content) == ("text/csv", FILES.csv)
    with pytest.raises(InvalidInputError, match="'xlsx'"):
        get_report_file(owner, report.id, "xlsx")


def test_report_file_changed_on_disk(store):
    owner = new_tenant(store, "acme")
    report = record_report(owner, WEEK, None, FILES)
    for path in (store.settings.data_dir / "documents" / "acme").rglob("*.csv"):
        path.write_bytes(b"section,orders\nsales,999\n")

    with pytest.raises(NotFoundError, match="changed on disk"):
        get_report_file(owner, report.id, "csv")


def test_account_report_named_after_account(store):
    owner = new_tenant(store, "acme")
    account = add_account(owner, account_input("North Hub"))

    report = record_report(owner, WEEK, account.id, FILES)

    assert report.scope == account.id
    assert report.file_name("csv") == "weekly-report_2026-11-23_2026-11-29_North-Hub.csv"


def test_send_without_email_channel_fails(store):
    owner = new_tenant(store, "acme")
    set_report_recipient(owner, "ops@acme.example", ["weekly"])
    set_report_recipient(owner, "boss@acme.example", ["monthly"])
    report = record_report(owner, WEEK, None, FILES)

    result = send_report(owner, report.id)
    again = send_report(owner, report.id)

    assert (result.sent, result.retried, result.failed) == (0, 0, 1)
    assert (again.sent, again.retried, again.failed) == (0, 0, 0)
    (delivery,) = list_report_deliveries(owner, report.id)
    assert delivery.recipient == "ops@acme.example"
    assert delivery.status == "failed"
    assert delivery.last_error == NO_EMAIL_CHANNEL
    assert delivery.attempts == 1


def test_viewer_reads_but_cannot_run(store):
    owner = new_tenant(store, "acme")
    report = record_report(owner, WEEK, None, FILES)
    viewer = member(owner, Role.VIEWER)
    packer = member(owner, Role.PACKER)

    assert [view.id for view in list_scheduled_reports(viewer)] == [report.id]
    assert get_report_file(viewer, report.id, "pdf").content == FILES.pdf
    with pytest.raises(PermissionDeniedError):
        send_report(viewer, report.id)
    with pytest.raises(PermissionDeniedError):
        list_scheduled_reports(packer)


def test_other_tenant_report_not_found(store):
    owner = new_tenant(store, "acme")
    other = new_tenant(store, "globex")
    report = record_report(owner, WEEK, None, FILES)

    assert list_scheduled_reports(other) == []
    with pytest.raises(NotFoundError):
        get_report_file(other, report.id, "pdf")
    with pytest.raises(NotFoundError):
        send_report(other, report.id)


def test_unfinished_period_rejected(store):
    owner = new_tenant(store, "acme")
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

    with pytest.raises(InvalidInputError, match="generate it on 2026-11-30 or later"):
        generate_report(owner, WEEK, now=now)
