"""Readers for Seller Hub report files: P&L, settlement, orders and returns, in XLSX and CSV."""

from ingestion.reports.digest import file_digest
from ingestion.reports.grid import ReportFileError
from ingestion.reports.orders import OrderReportRow, read_orders_report
from ingestion.reports.pnl import PnlOrderRow, PnlTransaction, read_pnl_orders
from ingestion.reports.pnl_summary import PnlSummary, compute_pnl_summary, read_pnl_summary
from ingestion.reports.result import MissingColumnError, ReadResult, RowError
from ingestion.reports.returns import ReturnReportRow, read_returns_report
from ingestion.reports.settlement import SettlementRow, read_settlement_report

__all__ = [
    "MissingColumnError",
    "OrderReportRow",
    "PnlOrderRow",
    "PnlSummary",
    "PnlTransaction",
    "ReadResult",
    "ReportFileError",
    "ReturnReportRow",
    "RowError",
    "SettlementRow",
    "compute_pnl_summary",
    "file_digest",
    "read_orders_report",
    "read_pnl_orders",
    "read_pnl_summary",
    "read_returns_report",
    "read_settlement_report",
]
