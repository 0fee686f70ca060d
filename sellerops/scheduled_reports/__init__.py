"""Scheduled reports: daily, weekly and monthly summaries of the marts as PDF and CSV.

Pure parts only: periods and contents. `sellerops.services.scheduled_reports` checks
permissions, stores the files with the other documents and sends them through the email alert
channel (`sellerops.notify.email.EmailSender`).
"""

from sellerops.scheduled_reports.periods import (
    FREQUENCY_NAMES,
    Frequency,
    ReportPeriod,
    last_complete_period,
    parse_frequency,
    period_starting,
)

__all__ = [
    "FREQUENCY_NAMES",
    "Frequency",
    "ReportPeriod",
    "last_complete_period",
    "parse_frequency",
    "period_starting",
]
