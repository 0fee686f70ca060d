"""The weekly schedule on sandbox data: its run stores and emails a report with the marts' totals.

Runs on the shared built tenant `clean` (tests/orchestration/conftest.py), whose sandbox clock
is frozen at Monday 30 November 2026, 10:00 IST, so the week of 23 to 29 November is complete.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from email import message_from_string
from email.policy import default as default_policy
from pathlib import Path
from types import ModuleType

import dagster as dg
import polars as pl
import pytest
from pypdf import PdfReader

from orchestration.defs.reports_schedule.jobs import (
    scheduled_reports_job,
    scheduled_reports_run_config,
)
from orchestration.defs.reports_schedule.schedules import (
    daily_reports_schedule,
    monthly_reports_schedule,
    weekly_reports_schedule,
)
from orchestration.defs.sync.jobs import TENANT_TAG
from sellerops.scheduled_reports.content import HEADLINES
from sellerops.services.actor import act_as
from sellerops.services.alert_channels import configure_email
from sellerops.services.scheduled_reports import (
    get_report_file,
    list_report_deliveries,
    list_scheduled_reports,
    set_report_recipient,
)

pytestmark = pytest.mark.xdist_group("orchestration")

TESTS = Path(__file__).resolve().parents[2]
IST = timezone(timedelta(hours=5, minutes=30))
# The weekly tick after the sandbox's last complete week: Monday 30 November, 08:00 IST.
WEEKLY_TICK = datetime(2026, 11, 30, 8, 0, tzinfo=IST)
RECIPIENT = "owner-weekly@clean.example"


def load(name: str, path: Path) -> ModuleType:
    """Load a helper module of another test folder by path (test folders are not packages)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


notify_servers = load("schedule_notify_servers", TESTS / "sellerops/notify/notify_servers.py")
totals_module = load("schedule_marts_totals", TESTS / "sellerops/scheduled_reports/marts_totals.py")


@pytest.fixture
def smtp_server(tmp_path):
    certificate = notify_servers.write_certificate(tmp_path)
    with notify_servers.SmtpServer(*certificate) as server:
        yield server, certificate


@pytest.fixture
def owner(pipeline, built, smtp_server):
    server, certificate = smtp_server
    owner = act_as(pipeline.store, "clean", "owner@clean.example")
    configure_email(
        owner,
        host="127.0.0.1",
        port=server.port,
        from_address="reports@clean.example",
        username=notify_servers.SMTP_USER,
        password=notify_servers.SMTP_PASSWORD,
        ca_file=str(certificate[0]),
    )
    set_report_recipient(owner, RECIPIENT, ["weekly"])
    return owner


def tenant_request(schedule, pipeline, tick):
    """Evaluate `schedule` at `tick` and return its run request for tenant `clean`."""
    context = dg.build_schedule_context(scheduled_execution_time=tick, resources=pipeline.resources)
    requests = [
        request
        for request in schedule.evaluate_tick(context).run_requests
        if request.tags.get(TENANT_TAG) == "clean"
    ]
    assert len(requests) == 1
    return requests[0]


def csv_totals(content: bytes) -> dict[str, Decimal]:
    frame = pl.read_csv(io.BytesIO(content), infer_schema=False)
    totals = {}
    for headline in HEADLINES:
        cells = frame.filter(pl.col("section") == headline.section).get_column(headline.column)
        totals[headline.label] = sum((Decimal(c) for c in cells.drop_nulls()), Decimal(0))
    return totals


def pdf_summary(content: bytes) -> dict[str, Decimal]:
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    totals = {}
    for line in text.splitlines():
        for headline in HEADLINES:
            if line.startswith(headline.label) and line[len(headline.label) :][:1] in " ₹":
                printed = line[len(headline.label) :].replace("₹", "").replace(",", "")
                totals[headline.label] = Decimal(printed.strip())
    return totals


def test_weekly_tick_requests_last_week(pipeline, owner):
    request = tenant_request(weekly_reports_schedule, pipeline, WEEKLY_TICK)

    assert request.run_key == "weekly-report:clean:2026-11-23"
    assert request.run_config == scheduled_reports_run_config("clean", "weekly", date(2026, 11, 23))


def test_daily_and_monthly_ticks(pipeline, owner):
    daily = tenant_request(daily_reports_schedule, pipeline, WEEKLY_TICK)
    monthly = tenant_request(
        monthly_reports_schedule, pipeline, datetime(2026, 12, 1, 8, 0, tzinfo=IST)
    )

    assert daily.run_key == "daily-report:clean:2026-11-29"
    assert monthly.run_key == "monthly-report:clean:2026-11-01"


def test_weekly_run_matches_marts_and_emails(pipeline, built, owner, smtp_server):
    server, _certificate = smtp_server
    request = tenant_request(weekly_reports_schedule, pipeline, WEEKLY_TICK)

    result = scheduled_reports_job.execute_in_process(
        run_config=request.run_config,
        resources=pipeline.resources,
        instance=pipeline.instance,
    )

    assert result.success
    (report,) = [
        view
        for view in list_scheduled_reports(owner)
        if view.frequency == "weekly" and view.period_start == date(2026, 11, 23)
    ]
    assert report.period_end == date(2026, 11, 29)
    pdf = get_report_file(owner, report.id, "pdf")
    csv = get_report_file(owner, report.id, "csv")
    expected = totals_module.marts_totals(built.published, date(2026, 11, 23), date(2026, 11, 29))
    assert expected["Net sales"] > 0
    assert csv_totals(csv.content) == expected
    assert pdf_summary(pdf.content) == expected

    assert len(server.received) == 1
    assert server.received[0].recipients == [RECIPIENT]
    message = message_from_string(server.received[0].content, policy=default_policy)
    files = {}
    for part in message.iter_attachments():
        content = part.get_content()
        files[part.get_filename()] = content.encode() if isinstance(content, str) else content
    assert files == {pdf.file_name: pdf.content, csv.file_name: csv.content}
    assert [d.status for d in list_report_deliveries(owner, report.id)] == ["sent"]
