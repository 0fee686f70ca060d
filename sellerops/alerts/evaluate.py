"""Run every enabled rule over one tenant's warehouse rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sellerops.alerts import rules
from sellerops.alerts.kinds import AlertCandidate, AlertKind, RuleSettings, default_settings
from sellerops.alerts.rules import Row, RunFailure


@dataclass(frozen=True)
class WarehouseRows:
    """The rows the rules read; a source the warehouse lacks (such as `ml` tables) is empty.

    `as_of` maps each account to Flipkart's clock at its latest sync (`marts.sla_shipments`).
    """

    sla_shipments: Sequence[Row] = ()
    sla_daily: Sequence[Row] = ()
    stock_cover: Sequence[Row] = ()
    sku_rto_rates: Sequence[Row] = ()
    cod_item_scores: Sequence[Row] = ()
    likely_overcharges: Sequence[Row] = ()
    sync_log: Sequence[Row] = ()
    rejected_batches: Sequence[Row] = ()
    run_failures: Sequence[RunFailure] = field(default_factory=tuple)
    as_of: Mapping[str, datetime] = field(default_factory=dict)


def evaluate_rules(
    rows: WarehouseRows,
    now: datetime,
    settings: Mapping[AlertKind, RuleSettings] | None = None,
) -> list[AlertCandidate]:
    """Return the candidates of every enabled rule; `settings` overrides the defaults per kind."""
    effective = {**default_settings(), **(settings or {})}

    def enabled(kind: AlertKind) -> RuleSettings | None:
        rule = effective[kind]
        return rule if rule.is_enabled else None

    candidates: list[AlertCandidate] = []
    if rule := enabled(AlertKind.PENDING_DISPATCH):
        candidates += rules.pending_dispatch(rows.sla_shipments, rule, now, rows.as_of)
    if rule := enabled(AlertKind.SLA_BREACH_RISK):
        candidates += rules.sla_breach_risk(rows.sla_daily, rule, now, rows.as_of)
    if rule := enabled(AlertKind.LOW_STOCK):
        candidates += rules.low_stock(rows.stock_cover, rule, now)
    if rule := enabled(AlertKind.HIGH_RTO_SKU):
        candidates += rules.high_rto_skus(rows.sku_rto_rates, rule, now)
    if rule := enabled(AlertKind.COD_RTO_RISK):
        candidates += rules.cod_rto_risk(rows.cod_item_scores, rule, now)
    if rule := enabled(AlertKind.FEE_OVERCHARGE):
        candidates += rules.fee_overcharges(rows.likely_overcharges, rule, now)
    if rule := enabled(AlertKind.SYNC_FAILURE):
        candidates += rules.sync_failures(
            rows.sync_log, rows.rejected_batches, rows.run_failures, rule, now
        )
    return candidates
