"""Alert kinds with their default thresholds and windows, and the candidate a rule produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sellerops.errors import InvalidInputError


class AlertKind(StrEnum):
    """The condition an alert warns about, which is also the name of its rule."""

    PENDING_DISPATCH = "pending_dispatch"
    SLA_BREACH_RISK = "sla_breach_risk"
    LOW_STOCK = "low_stock"
    HIGH_RTO_SKU = "high_rto_sku"
    COD_RTO_RISK = "cod_rto_risk"
    FEE_OVERCHARGE = "fee_overcharge"
    SYNC_FAILURE = "sync_failure"


class Severity(StrEnum):
    """The urgency of an alert, by which the inbox sorts and colours it."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


@dataclass(frozen=True)
class RuleSettings:
    """The threshold and de-duplication window of one rule.

    `threshold` is in the unit named by `KIND_DEFAULTS[kind].unit`. Within `window_hours` a
    condition raises one alert; the next window raises it again if it still holds.
    """

    threshold: Decimal
    window_hours: int
    is_enabled: bool = True


@dataclass(frozen=True)
class KindDefaults:
    """A kind's default settings, the unit and meaning of its threshold, and its short name."""

    settings: RuleSettings
    unit: str
    description: str
    label: str


KIND_DEFAULTS: dict[AlertKind, KindDefaults] = {
    AlertKind.PENDING_DISPATCH: KindDefaults(
        RuleSettings(Decimal(6), 24),
        "hours",
        "A shipment is not ready to dispatch this many hours before its dispatch-by time, or "
        "is past it and still not ready.",
        "Pending dispatch",
    ),
    AlertKind.SLA_BREACH_RISK: KindDefaults(
        # Flipkart risks suspending a seller whose ready-to-dispatch breaches stay above about
        # 0.5 % of shipments, so the default warns at that rate.
        RuleSettings(Decimal("0.005"), 24),
        "rate",
        "An account's share of shipments dispatched late over the last 7 days exceeds this.",
        "SLA breach risk",
    ),
    AlertKind.LOW_STOCK: KindDefaults(
        RuleSettings(Decimal(0), 24),
        "units",
        "Available stock is at or below the SKU's low-stock threshold (without one, its cover "
        "is shorter than the reorder lead time), or at or below this many units.",
        "Low stock",
    ),
    AlertKind.HIGH_RTO_SKU: KindDefaults(
        RuleSettings(Decimal("0.30"), 168),
        "rate",
        "A SKU's predicted RTO rate is at or above this, over at least 10 orders.",
        "High-RTO SKUs",
    ),
    AlertKind.COD_RTO_RISK: KindDefaults(
        RuleSettings(Decimal("0.50"), 720),
        "probability",
        "A COD order item placed in the last 24 hours has an RTO probability at or above this.",
        "RTO risk on COD orders",
    ),
    AlertKind.FEE_OVERCHARGE: KindDefaults(
        RuleSettings(Decimal(100), 168),
        "rupees",
        "Fees charged above the rate card, GST included, add up to at least this per account.",
        "Fee overcharges",
    ),
    AlertKind.SYNC_FAILURE: KindDefaults(
        RuleSettings(Decimal(2), 6),
        "hours",
        "A sync run failed, a batch was rejected, or no sync committed for this many hours.",
        "Sync failures",
    ),
}

KIND_NAMES = ", ".join(kind.value for kind in AlertKind)


def parse_kind(text: str) -> AlertKind:
    """Return the kind named `text`; raises `InvalidInputError` listing the valid kinds."""
    try:
        return AlertKind(text.strip().lower())
    except ValueError:
        raise InvalidInputError(f"Unknown alert kind {text!r}; use one of: {KIND_NAMES}.") from None


def default_settings() -> dict[AlertKind, RuleSettings]:
    """Return every kind's default settings."""
    return {kind: defaults.settings for kind, defaults in KIND_DEFAULTS.items()}


@dataclass(frozen=True)
class AlertCandidate:
    """A condition a rule found true; the outbox turns it into at most one alert per window.

    `condition_key` names the condition stably across runs (kind, account and object), so
    the same late shipment or low SKU gives the same key every time the rules run. `facts`
    holds JSON-ready values (money as strings) for the inbox and the message.
    """

    kind: AlertKind
    condition_key: str
    severity: Severity
    title: str
    body: str
    account_id: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def window_start(now: datetime, window_hours: int) -> datetime:
    """Return the start of the fixed window of `window_hours` that contains `now` (UTC).

    Windows are counted from the Unix epoch, so every process computes the same start.
    """
    if window_hours < 1:
        raise InvalidInputError(
            f"Alert window of {window_hours} hours is too short; use 1 or more."
        )
    if now.tzinfo is None:
        raise InvalidInputError(f"Time {now.isoformat()} has no time zone; pass an aware datetime.")
    width = timedelta(hours=window_hours)
    return EPOCH + ((now - EPOCH) // width) * width
