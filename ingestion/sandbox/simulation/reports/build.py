"""Write each simulated seller's settlement and P&L report files for a period, with the truth.

For every seller, the settlement report lists the order items paid (or whose disbursement was
created) within the period, and the P&L report lists the order items ordered within it. The
overcharges planted in either file are written beside them as `overcharges.json`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..config import iso
from ..fees import DEFAULT_RATE_CARD, load_rate_card
from ..world import SellerWorld
from .ledger import ItemLedger, build_ledgers
from .payments import ist_date
from .period import ReportPeriod
from .pnl_orders import header_rows as pnl_header_rows
from .pnl_orders import order_row, order_values
from .pnl_summary import sku_rows, summary_rows
from .settlement import header_rows as settlement_header_rows
from .settlement import is_settled_in, settlement_row
from .writers import Sheet, write_csv, write_xlsx

logger = logging.getLogger(__name__)

FORMATS = ("xlsx", "csv")
TRUTH_FILE = "overcharges.json"


@dataclass(frozen=True)
class PlantedOvercharge:
    """An overcharge that a written report shows, as the ground truth records it."""

    seller_id: str
    order_item_id: str
    order_id: str
    fee_type: str
    reason: str
    expected: str
    charged: str
    difference: str
    reports: tuple[str, ...]  # "settlement", "pnl"

    def to_json(self) -> dict:
        """Return the record in the JSON file's camelCase shape."""
        return {
            "sellerId": self.seller_id,
            "orderItemId": self.order_item_id,
            "orderId": self.order_id,
            "feeType": self.fee_type,
            "reason": self.reason,
            "expected": self.expected,
            "charged": self.charged,
            "difference": self.difference,
            "reports": list(self.reports),
        }


@dataclass(frozen=True)
class WrittenReports:
    """The files written, and the overcharges they contain."""

    files: list[Path]
    truth_file: Path
    overcharges: list[PlantedOvercharge]


def write_reports(
    worlds: Sequence[SellerWorld],
    out_dir: Path,
    period: ReportPeriod,
    *,
    seed: int,
    now: float,
    overcharge_share: float = 0.0,
    formats: Sequence[str] = FORMATS,
    rate_card: Path | None = None,
) -> WrittenReports:
    """Write every seller's reports for `period` under `out_dir/<seller id>/`."""
    if not 0.0 <= overcharge_share <= 1.0:
        raise ValueError(f"overcharge share {overcharge_share} is outside 0..1; pass e.g. 0.05")
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise ValueError(f"report formats {list(formats)} must be among {', '.join(FORMATS)}")

    card_path = Path(rate_card) if rate_card is not None else DEFAULT_RATE_CARD
    card = load_rate_card(card_path)
    created = datetime.fromtimestamp(now, UTC)

    files: list[Path] = []
    planted: list[PlantedOvercharge] = []
    for world in worlds:
        ledgers = list(
            build_ledgers(world, card, seed=seed, now=now, overcharge_share=overcharge_share)
        )
        seller_dir = out_dir / world.account.seller_id
        seller_dir.mkdir(parents=True, exist_ok=True)

        settled = [ledger for ledger in ledgers if is_settled_in(ledger, period.first, period.last)]
        ordered = [ledger for ledger in ledgers if period.first <= ledger.order_date <= period.last]

        grid = [*settlement_header_rows(), *(settlement_row(ledger, card) for ledger in settled)]
        files += _write_settlement(seller_dir, period, grid, formats, created)
        files.append(_write_pnl(seller_dir, period, ordered, ist_date(now), created))
        planted += _planted(settled, ordered)

        logger.info(
            "Wrote reports of seller %s for %s: %d settled rows, %d P&L rows, %d overcharges",
            world.account.seller_id,
            period.label,
            len(settled),
            len(ordered),
            sum(1 for entry in planted if entry.seller_id == world.account.seller_id),
        )

    truth_file = out_dir / TRUTH_FILE
    truth = {
        "seed": seed,
        "now": iso(now),
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat()},
        "overchargeShare": overcharge_share,
        "rateCard": card_path.name,
        "overcharges": [entry.to_json() for entry in planted],
    }
    truth_file.write_text(json.dumps(truth, indent=2) + "\n", encoding="utf-8")
    return WrittenReports(files=files, truth_file=truth_file, overcharges=planted)


def _write_settlement(
    seller_dir: Path, period: ReportPeriod, grid: list, formats: Sequence[str], created: datetime
) -> list[Path]:
    written = []
    stem = seller_dir / f"settlement_{period.label}"
    if "xlsx" in formats:
        path = stem.with_suffix(".xlsx")
        group_row = len(settlement_header_rows()) - 3
        write_xlsx(path, [Sheet("Orders", grid, group_rows=(group_row,))], created)
        written.append(path)
    if "csv" in formats:
        path = stem.with_suffix(".csv")
        write_csv(path, grid)
        written.append(path)
    return written


def _write_pnl(
    seller_dir: Path,
    period: ReportPeriod,
    ordered: list[ItemLedger],
    generated: date,
    created: datetime,
) -> Path:
    rows = [order_values(ledger) for ledger in ordered]
    sheets = [
        Sheet("Overall Summary", summary_rows(rows, period.first, period.last, generated)),
        Sheet("SKU-level P&L", sku_rows(rows), group_rows=(0,)),
        Sheet("Orders P&L", [*pnl_header_rows(), *map(order_row, rows)], group_rows=(0,)),
    ]
    path = seller_dir / f"pnl_{period.label}.xlsx"
    write_xlsx(path, sheets, created)
    return path


def _planted(settled: list[ItemLedger], ordered: list[ItemLedger]) -> list[PlantedOvercharge]:
    """Return the overcharges shown in either report, by order item id."""
    reports: dict[str, tuple[ItemLedger, list[str]]] = {}
    for name, ledgers in (("settlement", settled), ("pnl", ordered)):
        for ledger in ledgers:
            if ledger.overcharge is not None:
                reports.setdefault(ledger.order_item_id, (ledger, []))[1].append(name)

    planted = []
    for order_item_id in sorted(reports):
        ledger, names = reports[order_item_id]
        overcharge = ledger.overcharge
        assert overcharge is not None
        planted.append(
            PlantedOvercharge(
                seller_id=ledger.seller_id,
                order_item_id=order_item_id,
                order_id=ledger.shipment.order.order_id,
                fee_type=overcharge.fee_type,
                reason=overcharge.reason,
                expected=str(overcharge.expected),
                charged=str(overcharge.charged),
                difference=str(overcharge.difference),
                reports=tuple(names),
            )
        )
    return planted
