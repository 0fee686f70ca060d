"""Roles and the permission matrix: the one table of which role may perform which action.

Every service function checks this table through `sellerops.services.authorization.authorize`,
for every caller: a dashboard page, the CLI or a job. Hiding a button is never the protection.
"""

from __future__ import annotations

from enum import StrEnum

from sellerops.errors import InvalidInputError


class Role(StrEnum):
    """Role of a user in their tenant; `owner` may perform every action."""

    OWNER = "owner"
    MANAGER = "manager"
    ACCOUNTANT = "accountant"
    PACKER = "packer"
    VIEWER = "viewer"


class Action(StrEnum):
    """A service-layer action, named `<area>.<verb>`; each has one row in `PERMISSIONS`."""

    TENANT_VIEW = "tenant.view"
    ACCOUNT_ADD = "account.add"
    ACCOUNT_LIST = "account.list"
    ACCOUNT_UPDATE_CREDENTIALS = "account.update_credentials"
    ACCOUNT_DEACTIVATE = "account.deactivate"
    ACCOUNT_CONNECT = "account.connect"
    USER_ADD = "user.add"
    USER_LIST = "user.list"
    USER_SET_ROLE = "user.set_role"
    USER_DISABLE = "user.disable"
    USER_ENABLE = "user.enable"
    USER_CHANGE_OWN_PASSWORD = "user.change_own_password"  # noqa: S105 (an action name)
    AUDIT_READ = "audit.read"
    BUYER_RECORD = "buyer.record"
    BUYER_VIEW = "buyer.view"
    BUYER_MARK_INVOICED = "buyer.mark_invoiced"
    PRIVACY_EXPORT = "privacy.export"
    PRIVACY_ERASE = "privacy.erase"
    USAGE_RECORD_ORDERS = "usage.record_orders"
    USAGE_VIEW = "usage.view"
    SKU_VIEW = "sku.view"
    SKU_EDIT = "sku.edit"
    ACCOUNT_CONFIGURE = "account.configure"
    SYNC_RUN = "sync.run"
    REPORT_IMPORT = "report.import"
    REPORT_VIEW = "report.view"
    STOCK_VIEW = "stock.view"
    STOCK_ADJUST = "stock.adjust"
    STOCK_RECEIVE = "stock.receive"
    STOCK_COUNT = "stock.count"
    STOCK_UPLOAD = "stock.upload"
    STOCK_PUSH = "stock.push"
    DOCUMENT_ISSUE = "document.issue"
    DOCUMENT_VIEW = "document.view"
    DOCUMENT_CREDIT_NOTE = "document.credit_note"
    BRANDING_EDIT = "branding.edit"
    DASHBOARD_VIEW = "dashboard.view"
    ORDER_VIEW = "order.view"
    RETURNS_VIEW = "returns.view"
    PROFIT_VIEW = "profit.view"
    DISPATCH_VIEW = "dispatch.view"
    DISPATCH_LABELS = "dispatch.labels"
    DISPATCH_READY = "dispatch.ready"
    DISPATCH_CANCEL = "dispatch.cancel"
    EXPORT_CREATE = "export.create"
    ALERT_VIEW = "alert.view"
    ALERT_MARK_READ = "alert.mark_read"
    ALERT_CONFIGURE = "alert.configure"
    ALERT_CHANNEL_CONFIGURE = "alert.channel_configure"
    ALERT_RUN = "alert.run"
    PRICE_UPDATE = "price.update"
    SCHEDULED_REPORT_VIEW = "scheduled_report.view"
    SCHEDULED_REPORT_CONFIGURE = "scheduled_report.configure"
    SCHEDULED_REPORT_RUN = "scheduled_report.run"


OWNER = Role.OWNER
MANAGER = Role.MANAGER
ACCOUNTANT = Role.ACCOUNTANT
PACKER = Role.PACKER
VIEWER = Role.VIEWER
EVERYONE = frozenset(Role)

# Packers use the API client to generate labels; accountants to fetch invoices. Packers also
# book received goods and stock counts at the warehouse, and print invoices and packing slips;
# credit notes, which reverse tax already declared, are for accountants and above.
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.TENANT_VIEW: EVERYONE,
    Action.ACCOUNT_ADD: frozenset({OWNER}),
    Action.ACCOUNT_LIST: EVERYONE,
    Action.ACCOUNT_UPDATE_CREDENTIALS: frozenset({OWNER}),
    Action.ACCOUNT_DEACTIVATE: frozenset({OWNER}),
    Action.ACCOUNT_CONNECT: frozenset({OWNER, MANAGER, ACCOUNTANT, PACKER}),
    Action.USER_ADD: frozenset({OWNER}),
    Action.USER_LIST: frozenset({OWNER, MANAGER}),
    Action.USER_SET_ROLE: frozenset({OWNER}),
    Action.USER_DISABLE: frozenset({OWNER}),
    Action.USER_ENABLE: frozenset({OWNER}),
    Action.USER_CHANGE_OWN_PASSWORD: EVERYONE,
    Action.AUDIT_READ: frozenset({OWNER, ACCOUNTANT}),
    Action.BUYER_RECORD: frozenset({OWNER, MANAGER}),
    Action.BUYER_VIEW: frozenset({OWNER, MANAGER, ACCOUNTANT, PACKER}),
    Action.BUYER_MARK_INVOICED: frozenset({OWNER, MANAGER, ACCOUNTANT}),
    Action.PRIVACY_EXPORT: frozenset({OWNER}),
    Action.PRIVACY_ERASE: frozenset({OWNER}),
    Action.USAGE_RECORD_ORDERS: frozenset({OWNER, MANAGER}),
    Action.USAGE_VIEW: frozenset({OWNER, MANAGER, ACCOUNTANT, VIEWER}),
    Action.SKU_VIEW: EVERYONE,
    Action.SKU_EDIT: frozenset({OWNER, MANAGER}),
    Action.ACCOUNT_CONFIGURE: frozenset({OWNER}),
    Action.SYNC_RUN: frozenset({OWNER, MANAGER}),
    Action.REPORT_IMPORT: frozenset({OWNER, MANAGER, ACCOUNTANT}),
    Action.REPORT_VIEW: EVERYONE,
    Action.STOCK_VIEW: EVERYONE,
    Action.STOCK_ADJUST: frozenset({OWNER, MANAGER}),
    Action.STOCK_RECEIVE: frozenset({OWNER, MANAGER, PACKER}),
    Action.STOCK_COUNT: frozenset({OWNER, MANAGER, PACKER}),
    Action.STOCK_UPLOAD: frozenset({OWNER, MANAGER}),
    Action.STOCK_PUSH: frozenset({OWNER, MANAGER}),
    Action.DOCUMENT_ISSUE: frozenset({OWNER, MANAGER, ACCOUNTANT, PACKER}),
    Action.DOCUMENT_VIEW: EVERYONE,
    Action.DOCUMENT_CREDIT_NOTE: frozenset({OWNER, MANAGER, ACCOUNTANT}),
    Action.BRANDING_EDIT: frozenset({OWNER}),
    # Warehouse reads of the dashboard. Packers see orders and the operational overview but no
    # money figures: revenue, profit, fees and return losses are for the other roles.
    Action.DASHBOARD_VIEW: EVERYONE,
    Action.ORDER_VIEW: EVERYONE,
    Action.RETURNS_VIEW: frozenset({OWNER, MANAGER, ACCOUNTANT, VIEWER}),
    Action.PROFIT_VIEW: frozenset({OWNER, MANAGER, ACCOUNTANT, VIEWER}),
    # Packers work the dispatch queue. Seller cancellations count against Flipkart's seller
    # metrics (too many risk suspension), so only owners and managers cancel.
    Action.DISPATCH_VIEW: frozenset({OWNER, MANAGER, PACKER}),
    Action.DISPATCH_LABELS: frozenset({OWNER, MANAGER, PACKER}),
    Action.DISPATCH_READY: frozenset({OWNER, MANAGER, PACKER}),
    Action.DISPATCH_CANCEL: frozenset({OWNER, MANAGER}),
    # Exports carry sales, profit and tax figures out of the product, so each one is audited.
    Action.EXPORT_CREATE: frozenset({OWNER, MANAGER, ACCOUNTANT}),
    # Everyone sees the alert inbox. Managers set rules and recipients; channel credentials
    # (the SMTP password, the WhatsApp token) are for owners, like account credentials.
    Action.ALERT_VIEW: EVERYONE,
    Action.ALERT_MARK_READ: EVERYONE,
    Action.ALERT_CONFIGURE: frozenset({OWNER, MANAGER}),
    Action.ALERT_CHANNEL_CONFIGURE: frozenset({OWNER}),
    Action.ALERT_RUN: frozenset({OWNER, MANAGER}),
    # A listed price changes what buyers pay at once, so only owners and managers set it.
    Action.PRICE_UPDATE: frozenset({OWNER, MANAGER}),
    # Scheduled reports carry sales, profit and tax figures, like the profit pages. Managers
    # choose who receives them by email and may run them; generating one is audited.
    Action.SCHEDULED_REPORT_VIEW: frozenset({OWNER, MANAGER, ACCOUNTANT, VIEWER}),
    Action.SCHEDULED_REPORT_CONFIGURE: frozenset({OWNER, MANAGER}),
    Action.SCHEDULED_REPORT_RUN: frozenset({OWNER, MANAGER}),
}

ROLE_NAMES = ", ".join(role.value for role in Role)


def is_allowed(role: Role | str, action: Action) -> bool:
    """Return True if `role` may perform `action`; an unknown role may do nothing."""
    allowed = PERMISSIONS.get(action, frozenset())
    return role in allowed


def parse_role(text: str) -> Role:
    """Return the role named `text`; raises `InvalidInputError` listing the valid roles."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InvalidInputError(f"Unknown role {text!r}; use one of: {ROLE_NAMES}.") from None
