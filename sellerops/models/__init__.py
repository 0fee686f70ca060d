"""ORM models of the operational store, one module per concept."""

from sellerops.models.account import SellerAccount
from sellerops.models.alert import (
    Alert,
    AlertChannel,
    AlertDelivery,
    AlertDeliveryAttempt,
    AlertRecipient,
    AlertRule,
    AlertSettings,
)
from sellerops.models.audit import CHAIN_HEAD_ID, GENESIS_HASH, AuditChainHead, AuditEntry
from sellerops.models.base import Base, TenantScoped, new_id, utc_now
from sellerops.models.buyer_contact import BuyerContact
from sellerops.models.dashboard_session import DashboardSession
from sellerops.models.document import Document, DocumentSeries, TenantBranding
from sellerops.models.location import SellerLocation
from sellerops.models.order_usage import OrderUsage
from sellerops.models.plan import UNLIMITED_PLAN, Plan
from sellerops.models.report_upload import ReportImportError, ReportUpload
from sellerops.models.scheduled_report import (
    ReportRecipient,
    ScheduledReport,
    ScheduledReportDelivery,
)
from sellerops.models.sku import Sku
from sellerops.models.stock import StockLevel, StockMovement, StockPush
from sellerops.models.sync_cursor import SyncCursor
from sellerops.models.tenant import Tenant
from sellerops.models.user import User
from sellerops.models.webhook_event import WebhookEvent

__all__ = [
    "CHAIN_HEAD_ID",
    "GENESIS_HASH",
    "UNLIMITED_PLAN",
    "Alert",
    "AlertChannel",
    "AlertDelivery",
    "AlertDeliveryAttempt",
    "AlertRecipient",
    "AlertRule",
    "AlertSettings",
    "AuditChainHead",
    "AuditEntry",
    "Base",
    "BuyerContact",
    "DashboardSession",
    "Document",
    "DocumentSeries",
    "OrderUsage",
    "Plan",
    "ReportImportError",
    "ReportRecipient",
    "ReportUpload",
    "ScheduledReport",
    "ScheduledReportDelivery",
    "SellerAccount",
    "SellerLocation",
    "Sku",
    "StockLevel",
    "StockMovement",
    "StockPush",
    "SyncCursor",
    "Tenant",
    "TenantBranding",
    "TenantScoped",
    "User",
    "WebhookEvent",
    "new_id",
    "utc_now",
]
