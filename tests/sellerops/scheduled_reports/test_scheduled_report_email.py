"""Scheduled runs on sandbox data email each report, PDF and CSV attached, to a local server."""

from datetime import date
from email import message_from_string
from email.policy import default as default_policy

import pytest

from sellerops.scheduled_reports import Frequency, period_starting
from sellerops.scheduled_reports.content import format_total, parse_total
from sellerops.services.scheduled_reports import (
    get_report_file,
    list_report_deliveries,
    run_scheduled_reports,
    set_report_recipient,
)

# One worker builds the sandbox tenant once for both modules of this folder.
pytestmark = pytest.mark.xdist_group("scheduled_reports")

WEEK = period_starting(Frequency.WEEKLY, date(2026, 11, 23))
DAY = period_starting(Frequency.DAILY, date(2026, 11, 26))


def attachments(received):
    """Return {file name: bytes} of one received email."""
    message = message_from_string(received.content, policy=default_policy)
    files = {}
    for part in message.iter_attachments():
        content = part.get_content()
        files[part.get_filename()] = content.encode() if isinstance(content, str) else content
    return message, files


def test_weekly_run_emails_both_files(report_tenant, email_channel):
    owner = report_tenant.owner
    set_report_recipient(owner, "Weekly@Weekly.example", ["weekly"])
    set_report_recipient(owner, "monthly@weekly.example", ["monthly"])

    result = run_scheduled_reports(owner, WEEK)

    # One tenant-wide report and one per account, since the tenant has two accounts.
    assert len(result.reports) == 3
    assert result.sending.sent == 3
    received = email_channel.received
    assert len(received) == 3
    assert all(email.recipients == ["weekly@weekly.example"] for email in received)
    for report in result.reports:
        pdf = get_report_file(owner, report.id, "pdf")
        csv = get_report_file(owner, report.id, "csv")
        matching = [email for email in received if pdf.file_name in email.content]
        assert len(matching) == 1, report.file_stem
        message, files = attachments(matching[0])
        assert files == {pdf.file_name: pdf.content, csv.file_name: csv.content}
        assert message["Subject"].startswith("[SellerOps] Weekly report, 23 Nov 2026 to 29 Nov")


def test_email_body_lists_headlines(report_tenant, email_channel):
    owner = report_tenant.owner
    set_report_recipient(owner, "body@weekly.example", ["weekly"])

    result = run_scheduled_reports(owner, WEEK)

    tenant_wide = next(report for report in result.reports if report.account_id is None)
    message = next(
        attachments(email)[0]
        for email in email_channel.received
        if tenant_wide.file_stem + ".pdf" in email.content
    )
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Weekly Traders, all seller accounts, 23 Nov 2026 to 29 Nov 2026" in body
    for label in ("Orders", "Net sales", "Net profit", "Output GST"):
        printed = format_total(parse_total(tenant_wide.totals[label]))
        assert f"{label}: {printed}" in body, label


def test_repeated_run_sends_nothing_new(report_tenant, email_channel):
    owner = report_tenant.owner
    set_report_recipient(owner, "again@weekly.example", ["weekly"])
    first = run_scheduled_reports(owner, WEEK)
    count = len(email_channel.received)

    second = run_scheduled_reports(owner, WEEK)

    assert [report.id for report in second.reports] == [report.id for report in first.reports]
    assert all(report.already_generated for report in second.reports)
    assert second.sending.sent == 0
    assert len(email_channel.received) == count


@pytest.mark.parametrize("smtp_failures", [1])
def test_transient_failure_retried_next_run(report_tenant, email_channel):
    owner = report_tenant.owner
    set_report_recipient(owner, "daily@weekly.example", ["daily"])

    first = run_scheduled_reports(owner, DAY)
    tenant_wide = next(report for report in first.reports if report.account_id is None)
    after_first = {d.recipient: d for d in list_report_deliveries(owner, tenant_wide.id)}
    second = run_scheduled_reports(owner, DAY)
    after_second = {d.recipient: d for d in list_report_deliveries(owner, tenant_wide.id)}

    # The server refuses the first message of the run with 451; the other two go through.
    assert (first.sending.sent, first.sending.retried, first.sending.failed) == (2, 1, 0)
    assert (second.sending.sent, second.sending.retried) == (1, 0)
    assert email_channel.handler.failed == 1
    assert len(email_channel.received) == 3
    assert after_first["daily@weekly.example"].status == "pending"
    assert "451" in after_first["daily@weekly.example"].last_error
    assert after_second["daily@weekly.example"].status == "sent"
    assert after_second["daily@weekly.example"].attempts == 2
