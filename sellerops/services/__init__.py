"""The service layer: every public function takes the acting user first and checks the matrix.

Provisioning (`provisioning`), key rotation (`key_rotation`) and audit verification are for
the install's operator and take an operator label instead.
"""

from sellerops.services.accounts import (
    AccountView,
    add_account,
    deactivate_account,
    get_account,
    list_accounts,
    update_credentials,
)
from sellerops.services.actor import Actor, act_as
from sellerops.services.audit_log import AuditEntryView, list_audit_entries
from sellerops.services.authorization import authorize
from sellerops.services.buyers import (
    BuyerContactInput,
    get_buyer_contacts,
    mark_invoiced,
    record_buyer_contact,
)
from sellerops.services.clients import build_client
from sellerops.services.key_rotation import RotationReport, rotate_secret_key
from sellerops.services.login import change_own_password, login
from sellerops.services.privacy import ErasureReport, erase_order_data, export_order_data
from sellerops.services.provisioning import (
    PlanLimits,
    create_plan,
    create_tenant,
    ensure_default_plan,
    list_tenants,
    operator_label,
    set_tenant_plan,
)
from sellerops.services.tenants import TenantView, get_tenant
from sellerops.services.token_store import EncryptedTokenStore
from sellerops.services.usage import MonthlyUsage, monthly_usage, record_orders
from sellerops.services.users import (
    UserView,
    add_user,
    disable_user,
    enable_user,
    get_user,
    list_users,
    set_role,
)

__all__ = [
    "AccountView",
    "Actor",
    "AuditEntryView",
    "BuyerContactInput",
    "EncryptedTokenStore",
    "ErasureReport",
    "MonthlyUsage",
    "PlanLimits",
    "RotationReport",
    "TenantView",
    "UserView",
    "act_as",
    "add_account",
    "add_user",
    "authorize",
    "build_client",
    "change_own_password",
    "create_plan",
    "create_tenant",
    "deactivate_account",
    "disable_user",
    "enable_user",
    "ensure_default_plan",
    "erase_order_data",
    "export_order_data",
    "get_account",
    "get_buyer_contacts",
    "get_tenant",
    "get_user",
    "list_accounts",
    "list_audit_entries",
    "list_tenants",
    "list_users",
    "login",
    "mark_invoiced",
    "monthly_usage",
    "operator_label",
    "record_buyer_contact",
    "record_orders",
    "rotate_secret_key",
    "set_role",
    "set_tenant_plan",
    "update_credentials",
]
