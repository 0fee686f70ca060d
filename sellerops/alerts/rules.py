"""The alert rules: each reads warehouse rows (dicts by column name) and returns candidates.

Every rule is a pure function of its rows, its settings, `now` and (for the dispatch and SLA
rules) the accounts' as-of times, so a test can feed rows directly.
`sellerops.alerts.warehouse` reads the rows from a published warehouse file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sellerops.alerts.kinds import AlertCandidate, AlertKind, RuleSettings, Severity

Row = Mapping[str, Any]

INDIA = ZoneInfo("Asia/Kolkata")
SLA_LOOKBACK_DAYS = 7
HIGH_RTO_MIN_ORDERS = 10
NEW_ORDER_HOURS = 24
RUPEE = Decimal("0.01")


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _percent(rate: Decimal) -> Decimal:
    return (rate * 100).quantize(Decimal("0.1"))


def _shown(moment: datetime) -> str:
    return moment.astimezone(INDIA).strftime("%d %b %Y %H:%M IST")


def _candidate(
    kind: AlertKind,
    key: Sequence[object],
    severity: Severity,
    title: str,
    body: str,
    facts: dict[str, Any],
    account_id: str | None = None,
) -> AlertCandidate:
    """Build a candidate of `kind` whose condition key is the kind and `key` joined by colons."""
    return AlertCandidate(
        kind=kind,
        condition_key=":".join([kind.value, *(str(part) for part in key)]),
        severity=severity,
        title=title,
        body=body,
        account_id=account_id,
        facts=facts,
    )


def _rows_by_account(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Group rows by their `account_id`, in account order."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row["account_id"]].append(row)
    return dict(sorted(groups.items()))


def _dispatch_advice(dispatch_by: datetime, overdue: bool) -> str:
    if overdue:
        return (
            f"The dispatch-by time {_shown(dispatch_by)} has passed, so the shipment counts "
            f"as an SLA breach. Mark it ready to dispatch as soon as possible."
        )
    return (
        f"Dispatch by {_shown(dispatch_by)}; mark it ready to dispatch before then to avoid "
        f"an SLA breach."
    )


def reference_time(as_of: Mapping[str, datetime], account_id: str, now: datetime) -> datetime:
    """Return the account's as-of time (Flipkart's clock at its latest sync), else `now`.

    The marts judge shipments at that time, and the sandbox's clock may differ from ours, so
    rules that count hours to a Flipkart deadline count them from here.
    """
    return as_of.get(account_id) or now


def is_pending(row: Row) -> bool:
    """Return True if a `marts.sla_shipments` row is not ready to dispatch yet.

    An open shipment is still within its dispatch-by time. A breached one with no
    ready-to-dispatch time has passed it and is still not ready.
    """
    if row["sla_status"] == "open":
        return True
    return row["sla_status"] == "breached" and row.get("ready_to_dispatch_at") is None


def pending_dispatch(
    shipments: Iterable[Row],
    settings: RuleSettings,
    now: datetime,
    as_of: Mapping[str, datetime] | None = None,
) -> list[AlertCandidate]:
    """Flag shipments not ready to dispatch within `threshold` hours of dispatch-by, or past it.

    Reads `marts.sla_shipments`. Hours left count from the account's `as_of` time (see
    `reference_time`), or from `now` when the account has none.
    """
    candidates = []
    for row in shipments:
        if row["dispatch_by"] is None or not is_pending(row):
            continue
        reference = reference_time(as_of or {}, row["account_id"], now)
        hours_left = Decimal((row["dispatch_by"] - reference).total_seconds()) / 3600
        if hours_left > settings.threshold:
            continue

        overdue = hours_left <= 0
        hours = abs(hours_left).quantize(Decimal("0.1"))
        when = f"{hours} h overdue" if overdue else f"{hours} h left"
        candidates.append(
            _candidate(
                AlertKind.PENDING_DISPATCH,
                (row["account_id"], row["shipment_id"]),
                Severity.CRITICAL if overdue else Severity.WARNING,
                title=f"Shipment {row['shipment_id']} is not ready to dispatch ({when})",
                body=_dispatch_advice(row["dispatch_by"], overdue),
                facts={
                    "shipment_id": row["shipment_id"],
                    "hours_left": str(hours_left.quantize(Decimal("0.01"))),
                    "as_of": reference.astimezone(UTC).isoformat(),
                },
                account_id=row["account_id"],
            )
        )
    return candidates


def sla_breach_risk(
    daily: Iterable[Row],
    settings: RuleSettings,
    now: datetime,
    as_of: Mapping[str, datetime] | None = None,
) -> list[AlertCandidate]:
    """Flag accounts whose breach rate over the last 7 dispatch-by days exceeds `threshold`.

    Reads `marts.sla_daily`; the rate is breached / (breached + on time), summed over days.
    The 7 days end on the India date of the account's `as_of` time, or of `now` without one.
    """
    candidates = []
    for account_id, rows in _rows_by_account(daily).items():
        last_day = reference_time(as_of or {}, account_id, now).astimezone(INDIA).date()
        first_day = last_day - timedelta(days=SLA_LOOKBACK_DAYS - 1)
        recent = [row for row in rows if first_day <= row["dispatch_by_date"] <= last_day]
        breached = sum(row["breached"] or 0 for row in recent)
        decided = breached + sum(row["on_time"] or 0 for row in recent)
        if decided == 0:
            continue
        rate = Decimal(breached) / decided
        if rate <= settings.threshold:
            continue

        candidates.append(
            _candidate(
                AlertKind.SLA_BREACH_RISK,
                (account_id,),
                Severity.WARNING,
                title=f"{_percent(rate)}% of shipments late in the last {SLA_LOOKBACK_DAYS} days",
                body=(
                    f"{breached} of {decided} shipments missed their dispatch-by time. A breach "
                    f"rate above about 0.5% risks suspension by Flipkart."
                ),
                facts={
                    "breached": breached,
                    "decided": decided,
                    "rate": str(rate.quantize(Decimal("0.0001"))),
                },
                account_id=account_id,
            )
        )
    return candidates


def low_stock(levels: Iterable[Row], settings: RuleSettings, now: datetime) -> list[AlertCandidate]:
    """Flag SKUs at a location that the stock-cover mart marks low, or at or below `threshold`.

    Reads `marts.stock_cover`. Out-of-stock SKUs are critical.
    """
    candidates = []
    for row in levels:
        available = row["available"]
        if not (row["is_low_stock"] or row["is_out_of_stock"] or available <= settings.threshold):
            continue

        out = bool(row["is_out_of_stock"]) or available <= 0
        state = "Out of stock" if out else "Low stock"
        cover = row.get("days_of_cover")
        cover_text = f"; about {cover} days of cover" if cover is not None else ""
        candidates.append(
            _candidate(
                AlertKind.LOW_STOCK,
                (row["sku"], row["location_id"]),
                Severity.CRITICAL if out else Severity.WARNING,
                title=f"{state}: {row['sku']} at {row['location_id']}",
                body=(
                    f"{available} units available{cover_text}; reorder "
                    f"{row.get('reorder_quantity') or 0} units."
                ),
                facts={
                    "sku": row["sku"],
                    "location_id": row["location_id"],
                    "available": available,
                },
            )
        )
    return candidates


def high_rto_skus(
    rates: Iterable[Row], settings: RuleSettings, now: datetime
) -> list[AlertCandidate]:
    """Flag SKUs whose predicted RTO rate is at or above `threshold` over enough orders.

    Reads `ml.sku_rto_rates` (columns sku, account_id, predicted_rate, orders).
    """
    candidates = []
    for row in rates:
        if row["predicted_rate"] is None or (row["orders"] or 0) < HIGH_RTO_MIN_ORDERS:
            continue
        rate = _decimal(row["predicted_rate"])
        if rate < settings.threshold:
            continue

        candidates.append(
            _candidate(
                AlertKind.HIGH_RTO_SKU,
                (row["account_id"], row["sku"]),
                Severity.WARNING,
                title=(
                    f"SKU {row['sku']} is predicted to return to origin on {_percent(rate)}% "
                    f"of orders"
                ),
                body=(
                    f"Over {row['orders']} recent orders. Consider prepaid-only or a higher "
                    f"price for this SKU."
                ),
                facts={"sku": row["sku"], "predicted_rate": str(rate), "orders": row["orders"]},
                account_id=row["account_id"],
            )
        )
    return candidates


def cod_rto_risk(
    scored_items: Iterable[Row], settings: RuleSettings, now: datetime
) -> list[AlertCandidate]:
    """Flag new COD order items (last 24 hours) with RTO probability at or above `threshold`.

    Reads `ml.rto_item_scores` joined to `marts.order_items` (is_cod, ordered_at, order_id, sku).
    """
    since = now - timedelta(hours=NEW_ORDER_HOURS)
    candidates = []
    for row in scored_items:
        if not row["is_cod"] or row["ordered_at"] is None or row["ordered_at"] < since:
            continue
        probability = _decimal(row["rto_probability"])
        if probability < settings.threshold:
            continue

        candidates.append(
            _candidate(
                AlertKind.COD_RTO_RISK,
                (row["account_id"], row["order_item_id"]),
                Severity.WARNING,
                title=(
                    f"COD order {row['order_id']} has a {_percent(probability)}% risk of "
                    f"return to origin"
                ),
                body=(
                    f"SKU {row['sku']}, ordered {_shown(row['ordered_at'])}. Confirm with the "
                    f"buyer before packing, or cancel if the order looks fake."
                ),
                facts={
                    "order_item_id": row["order_item_id"],
                    "order_id": row["order_id"],
                    "rto_probability": str(probability),
                },
                account_id=row["account_id"],
            )
        )
    return candidates


def fee_overcharges(
    overcharges: Iterable[Row], settings: RuleSettings, now: datetime
) -> list[AlertCandidate]:
    """Flag accounts whose fee overcharges, GST included, total at least `threshold` rupees.

    Reads `marts.likely_overcharges`; one alert per account, not per item.
    """
    candidates = []
    for account_id, rows in _rows_by_account(overcharges).items():
        total = sum((_decimal(row["claim_amount"]) for row in rows), Decimal(0)).quantize(RUPEE)
        if total < settings.threshold:
            continue

        item_count = len({row["order_item_id"] for row in rows})
        candidates.append(
            _candidate(
                AlertKind.FEE_OVERCHARGE,
                (account_id,),
                Severity.INFO,
                title=f"Fees of ₹{total} charged above the rate card",
                body=(
                    f"{item_count} order items were charged more than the rate card predicts; "
                    f"the reconciliation page lists them for a claim with Flipkart."
                ),
                facts={"claim_total": str(total), "order_items": item_count},
                account_id=account_id,
            )
        )
    return candidates


@dataclass(frozen=True)
class RunFailure:
    """A failed pipeline run of one account, as the orchestrator reports it."""

    account_id: str
    run_id: str
    job_name: str
    message: str


def sync_failures(
    sync_log: Sequence[Row],
    rejected_batches: Iterable[Row],
    run_failures: Iterable[RunFailure],
    settings: RuleSettings,
    now: datetime,
) -> list[AlertCandidate]:
    """Flag failed runs, batches rejected in the last `threshold` hours, and stale accounts.

    Reads `raw.sync_log` (account_id, committed_at) and `raw.rejected_batches` (account_id,
    stream, rejected_at, row_count). An account is stale when its last committed batch is
    older than `threshold` hours.
    """
    horizon = now - timedelta(hours=float(settings.threshold))
    candidates = [
        _candidate(
            AlertKind.SYNC_FAILURE,
            (failure.account_id, "run"),
            Severity.CRITICAL,
            title=f"Pipeline run {failure.job_name} failed",
            body=f"Run {failure.run_id}: {failure.message[:300]}",
            facts={"run_id": failure.run_id, "job_name": failure.job_name},
            account_id=failure.account_id,
        )
        for failure in run_failures
    ]

    for account_id, rows in _rows_by_account(rejected_batches).items():
        recent = [row for row in rows if row["rejected_at"] >= horizon]
        if not recent:
            continue
        rejected = sum(row["row_count"] for row in recent)
        candidates.append(
            _candidate(
                AlertKind.SYNC_FAILURE,
                (account_id, "rejected"),
                Severity.WARNING,
                title=f"Sync rejected {rejected} rows",
                body="Rejected batches are kept in raw.rejected_batches; the sync retries them.",
                facts={"rows_rejected": rejected},
                account_id=account_id,
            )
        )

    for account_id, rows in _rows_by_account(sync_log).items():
        last_commit = max(row["committed_at"] for row in rows)
        if last_commit >= horizon:
            continue
        candidates.append(
            _candidate(
                AlertKind.SYNC_FAILURE,
                (account_id, "stale"),
                Severity.WARNING,
                title="No sync has committed recently",
                body=f"The last batch committed {_shown(last_commit)}.",
                facts={"last_committed_at": last_commit.isoformat()},
                account_id=account_id,
            )
        )
    return candidates
