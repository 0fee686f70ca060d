"""The Scheduled reports section of the Reports page, per role, on the sandbox tenant."""

from datetime import date

import pytest

from sellerops.scheduled_reports import Frequency, period_starting
from sellerops.security.permissions import Role
from sellerops.services.scheduled_reports import generate_report, list_report_recipients

REPORTS = "reports"
WEEK = period_starting(Frequency.WEEKLY, date(2026, 11, 23))


@pytest.fixture(scope="module")
def weekly_report(dashboard):
    return generate_report(dashboard.actors[Role.OWNER], WEEK)


def subheaders(at):
    return [element.value for element in at.subheader]


def report_table(at):
    (table,) = [frame.value for frame in at.dataframe if "covers" in frame.value.columns]
    return table


@pytest.mark.parametrize("role", [Role.OWNER, Role.ACCOUNTANT, Role.VIEWER])
def test_section_lists_report(logged_in_app, weekly_report, role):
    at = logged_in_app(role, page=REPORTS)

    assert not at.exception, at.exception
    assert "Scheduled reports" in subheaders(at)
    table = report_table(at)
    row = table[table["period"] == "23 Nov 2026 to 29 Nov 2026"].iloc[0]
    assert row["frequency"] == "weekly"
    assert row["covers"] == "All accounts"
    assert row["orders"] == int(weekly_report.totals["Orders"])
    labels = [button.label for button in at.get("download_button")]
    assert "Download report PDF" in labels
    assert "Download report CSV" in labels


def test_packer_sees_no_section(logged_in_app, weekly_report):
    at = logged_in_app(Role.PACKER, page=REPORTS)

    assert not at.exception, at.exception
    assert "Scheduled reports" not in subheaders(at)


@pytest.mark.parametrize(("role", "can_configure"), [(Role.MANAGER, True), (Role.VIEWER, False)])
def test_recipients_only_for_managers(logged_in_app, weekly_report, role, can_configure):
    at = logged_in_app(role, page=REPORTS)

    labels = [expander.label for expander in at.expander]

    assert ("Email recipients of scheduled reports" in labels) is can_configure


def test_manager_adds_recipient(logged_in_app, dashboard, weekly_report):
    at = logged_in_app(Role.MANAGER, page=REPORTS)
    at.text_input(key="report_recipient_address").set_value("Accounts@Shop.example")
    at.multiselect(key="report_recipient_frequencies").set_value(["weekly", "monthly"])

    at.button(key="report_recipient_save").click().run()

    assert not at.exception, at.exception
    assert "accounts@shop.example receives weekly, monthly reports." in [
        message.value for message in at.success
    ]
    recipients = list_report_recipients(dashboard.actors[Role.OWNER])
    assert [(r.address, r.frequencies) for r in recipients] == [
        ("accounts@shop.example", ("monthly", "weekly"))
    ]
    assert "accounts@shop.example: monthly, weekly" in [element.value for element in at.markdown]
