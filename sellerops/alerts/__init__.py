"""Alert rules: pure functions from warehouse rows to alert candidates with stable keys.

The outbox (`sellerops.notify.outbox`) turns candidates into at most one alert per condition
per window, and the dispatcher delivers them.
"""

from sellerops.alerts.evaluate import WarehouseRows, evaluate_rules
from sellerops.alerts.kinds import (
    KIND_DEFAULTS,
    AlertCandidate,
    AlertKind,
    RuleSettings,
    Severity,
    parse_kind,
    window_start,
)
from sellerops.alerts.rules import RunFailure

__all__ = [
    "KIND_DEFAULTS",
    "AlertCandidate",
    "AlertKind",
    "RuleSettings",
    "RunFailure",
    "Severity",
    "WarehouseRows",
    "evaluate_rules",
    "parse_kind",
    "window_start",
]
