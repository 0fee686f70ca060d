from datetime import date
from decimal import Decimal

import pytest
from factories import new_tenant
from operations import (
    CONTACT,
    LOCATION,
    ORDER_DATE,
    READS_BY_ID,
    new_alert,
    new_recipient,
    new_report_file,
    new_report_recipient,
    new_scheduled_report,
    populate,
)

from sellerops.errors import NotFoundError
from sellerops.security.permissions import Action
from sellerops.services import (
    deactivate_account,
    disable_user,
    enable_user,
    erase_order_data,
    get_buyer_contacts,
    get_tenant,
    list_accounts,
    list_audit_entries,
    list_users,
    mark_invoiced,
    monthly_usage,
    record_buyer_contact,
    record_orders,
    set_role,
    update_credentials,
)
from sellerops.services.account_profile import set_account_profile, set_location
from sellerops.services.alerts import list_inbox, mark_read, remove_recipient
from sellerops.services.catalog import list_skus
from sellerops.services.dispatch import (
    cancel_shipments,
    generate_labels,
    mark_ready_to_dispatch,
)
from sellerops.services.documents import issue_credit_note, issue_invoice
from sellerops.services.pricing import PriceChange, record_price_change
from sellerops.services.report_imports import import_report
from sellerops.services.report_uploads import list_report_uploads
from sellerops.services.scheduled_reports import (
    list_scheduled_reports,
    remove_report_recipient,
    send_report,
)
from sellerops.services.stock import (
    PushRecord,
    adjust_stock,
    count_stock,
    receive_stock,
    record_push,
    stock_levels,
)
from sellerops.services.stock_csv import import_stock_csv
from sellerops.services.sync_state import advance_cursor, reset_cursors
from sellerops.services.warehouse_reads import published_warehouse


def warehouse_path(actor, action):
    """The published warehouse path the service hands `actor`; one file per tenant."""
    return str(published_warehouse(actor, action).path)


# Every read of the service layer, called by tenant B's owner, who may perform every action.
LIST_READS = {
    Action.TENANT_VIEW: lambda actor: [get_tenant(actor).id],
    Action.ACCOUNT_LIST: lambda actor: [account.id for account in list_accounts(actor)],
    Action.USER_LIST: lambda actor: [user.email for user in list_users(actor)],
    Action.AUDIT_READ: lambda actor: [entry.object_id for entry in list_audit_entries(actor)],
    Action.USAGE_VIEW: lambda actor: [monthly_usage(actor, ORDER_DATE.strftime("%Y-%m")).orders],
    Action.SKU_VIEW: lambda actor: [sku.id for sku in list_skus(actor)],
    Action.REPORT_VIEW: lambda actor: [upload.id for upload in list_report_uploads(actor)],
    Action.STOCK_VIEW: lambda actor: [level.sku for level in stock_levels(actor)],
    Action.DASHBOARD_VIEW: lambda actor: [warehouse_path(actor, Action.DASHBOARD_VIEW)],
    Action.ORDER_VIEW: lambda actor: [warehouse_path(actor, Action.ORDER_VIEW)],
    Action.RETURNS_VIEW: lambda actor: [warehouse_path(actor, Action.RETURNS_VIEW)],
    Action.PROFIT_VIEW: lambda actor: [warehouse_path(actor, Action.PROFIT_VIEW)],
    Action.ALERT_VIEW: lambda actor: [alert.id for alert in list_inbox(actor)],
    Action.SCHEDULED_REPORT_VIEW: lambda actor: [
        report.id for report in list_scheduled_reports(actor)
    ],
}

# Every write that names an object, aimed by tenant B at tenant A's objects.
WRITES_BY_ID = {
    "update_credentials": lambda b, a: update_credentials(b, a.account_id, "x", "y" * 20),
    "deactivate_account": lambda b, a: deactivate_account(b, a.account_id),
    "set_role": lambda b, a: set_role(b, a.target_email, "owner"),
    "disable_user": lambda b, a: disable_user(b, a.target_email),
    "enable_user": lambda b, a: enable_user(b, a.target_email),
    "record_buyer_contact": lambda b, a: record_buyer_contact(
        b, a.account_id, a.order_id, a.shipment_id, CONTACT
    ),
    "mark_invoiced": lambda b, a: mark_invoiced(
        b, a.account_id, a.order_id, a.shipment_id, "INV-9", date(2026, 3, 12)
    ),
    "erase_order_data": lambda b, a: erase_order_data(b, a.order_id),
    "record_orders": lambda b, a: record_orders(b, a.account_id, [("OD999", ORDER_DATE)]),
    "set_account_profile": lambda b, a: set_account_profile(b, a.account_id, tier="SILVER"),
    "set_location": lambda b, a: set_location(b, a.account_id, "LOC0002", "Mumbai", "400001", "27"),
    "advance_cursor": lambda b, a: advance_cursor(b, a.account_id, "shipments", ORDER_DATE, "b1"),
    "reset_cursors": lambda b, a: reset_cursors(b, a.account_id),
    "import_report": lambda b, a: import_report(b, a.account_id, new_report_file(b)),
    "receive_stock": lambda b, a: receive_stock(b, a.sku, LOCATION, 4, "GRN-X"),
    "adjust_stock": lambda b, a: adjust_stock(b, a.sku, LOCATION, -1, "damaged"),
    "count_stock": lambda b, a: count_stock(b, a.sku, LOCATION, 0),
    "record_push": lambda b, a: record_push(
        b, a.account_id, [PushRecord(a.sku, LOCATION, 0, 0, 0, "ok")]
    ),
    "record_price_change": lambda b, a: record_price_change(
        b, a.account_id, PriceChange(a.sku, Decimal("499"), Decimal("529"), Decimal("999"), "ok")
    ),
    "issue_invoice": lambda b, a: issue_invoice(b, a.account_id, a.shipment_id),
    "issue_credit_note": lambda b, a: issue_credit_note(b, a.account_id, a.shipment_id, "r"),
    "mark_alert_read": lambda b, a: mark_read(b, new_alert(a.owner)),
    "remove_alert_recipient": lambda b, a: remove_recipient(b, new_recipient(a.owner)),
    "remove_report_recipient": lambda b, a: remove_report_recipient(
        b, new_report_recipient(a.owner)
    ),
    "send_report": lambda b, a: send_report(b, new_scheduled_report(a.owner)),
    "generate_labels": lambda b, a: generate_labels(b, a.account_id, ["S1"]),
    "mark_ready_to_dispatch": lambda b, a: mark_ready_to_dispatch(b, a.account_id, ["S1"]),
    "cancel_shipments": lambda b, a: cancel_shipments(
        b, a.account_id, ["S1"], "not_enough_inventory"
    ),
}


@pytest.fixture
def two_tenants(store):
    tenant_a = populate(new_tenant(store, "acme"))
    tenant_b = populate(new_tenant(store, "globex"))
    return tenant_a, tenant_b


# Actions that take no object id, so they cannot name another tenant's object.
NO_OBJECT_ID = {
    Action.ACCOUNT_ADD,
    Action.USER_ADD,
    Action.USER_CHANGE_OWN_PASSWORD,
    Action.SKU_EDIT,
    Action.STOCK_UPLOAD,
    Action.BRANDING_EDIT,
    Action.ALERT_CHANNEL_CONFIGURE,
    Action.ALERT_RUN,
}
ACTIONS_BY_ID = {
    "get_account": Action.ACCOUNT_LIST,
    "get_user": Action.USER_LIST,
    "export_order_data": Action.PRIVACY_EXPORT,
    "build_client": Action.ACCOUNT_CONNECT,
    "update_credentials": Action.ACCOUNT_UPDATE_CREDENTIALS,
    "deactivate_account": Action.ACCOUNT_DEACTIVATE,
    "set_role": Action.USER_SET_ROLE,
    "disable_user": Action.USER_DISABLE,
    "enable_user": Action.USER_ENABLE,
    "record_buyer_contact": Action.BUYER_RECORD,
    "mark_invoiced": Action.BUYER_MARK_INVOICED,
    "erase_order_data": Action.PRIVACY_ERASE,
    "record_orders": Action.USAGE_RECORD_ORDERS,
    "account_profile": Action.ACCOUNT_LIST,
    "get_cursor": Action.SYNC_RUN,
    "set_account_profile": Action.ACCOUNT_CONFIGURE,
    "set_location": Action.ACCOUNT_CONFIGURE,
    "advance_cursor": Action.SYNC_RUN,
    "reset_cursors": Action.SYNC_RUN,
    "get_report_upload": Action.REPORT_VIEW,
    "import_report": Action.REPORT_IMPORT,
    "receive_stock": Action.STOCK_RECEIVE,
    "adjust_stock": Action.STOCK_ADJUST,
    "count_stock": Action.STOCK_COUNT,
    "record_push": Action.STOCK_PUSH,
    "record_price_change": Action.PRICE_UPDATE,
    "get_document": Action.DOCUMENT_VIEW,
    "issue_invoice": Action.DOCUMENT_ISSUE,
    "issue_credit_note": Action.DOCUMENT_CREDIT_NOTE,
    "mark_alert_read": Action.ALERT_MARK_READ,
    "remove_alert_recipient": Action.ALERT_CONFIGURE,
    "get_report_file": Action.SCHEDULED_REPORT_VIEW,
    "remove_report_recipient": Action.SCHEDULED_REPORT_CONFIGURE,
    "send_report": Action.SCHEDULED_REPORT_RUN,
    "dispatch_queue": Action.DISPATCH_VIEW,
    "export_report": Action.EXPORT_CREATE,
    "generate_labels": Action.DISPATCH_LABELS,
    "mark_ready_to_dispatch": Action.DISPATCH_READY,
    "cancel_shipments": Action.DISPATCH_CANCEL,
}


def test_isolation_covers_every_action():
    covered = set(LIST_READS) | {Action.BUYER_VIEW} | NO_OBJECT_ID
    covered |= {ACTIONS_BY_ID[name] for name in [*READS_BY_ID, *WRITES_BY_ID]}
    assert covered == set(Action)


def test_list_reads_show_own_tenant_only(two_tenants):
    tenant_a, tenant_b = two_tenants
    for action, read in LIST_READS.items():
        seen_by_b = read(tenant_b.owner)
        seen_by_a = read(tenant_a.owner)
        if action == Action.USAGE_VIEW:
            assert seen_by_b == [1], action
            continue
        assert not set(seen_by_a) & set(seen_by_b), action


def test_audit_read_excludes_other_tenant(two_tenants):
    tenant_a, tenant_b = two_tenants
    objects = {entry.object_id for entry in list_audit_entries(tenant_b.owner)}
    assert tenant_a.account_id not in objects
    assert tenant_b.account_id in objects


def test_buyer_view_of_other_tenant_empty(two_tenants):
    tenant_a, tenant_b = two_tenants
    assert get_buyer_contacts(tenant_b.owner, tenant_a.order_id) == []


@pytest.mark.parametrize("read", sorted(READS_BY_ID))
def test_read_by_id_other_tenant_not_found(two_tenants, read):
    tenant_a, tenant_b = two_tenants
    with pytest.raises(NotFoundError):
        READS_BY_ID[read](tenant_b.owner, tenant_a)


@pytest.mark.parametrize("write", sorted(WRITES_BY_ID))
def test_write_by_id_other_tenant_not_found(two_tenants, write):
    tenant_a, tenant_b = two_tenants
    with pytest.raises(NotFoundError):
        WRITES_BY_ID[write](tenant_b.owner, tenant_a)


def test_other_tenant_data_unchanged(two_tenants):
    tenant_a, tenant_b = two_tenants
    for write in WRITES_BY_ID.values():
        with pytest.raises(NotFoundError):
            write(tenant_b.owner, tenant_a)
    contacts = get_buyer_contacts(tenant_a.owner, tenant_a.order_id)
    assert contacts[0]["buyer_name"] == "Asha Rao"
    assert contacts[0]["invoice_number"] is None
    assert list_accounts(tenant_a.owner)[0].app_id.startswith("app-")
    assert [user.role for user in list_users(tenant_a.owner)] == ["owner", "viewer"]


def test_stock_upload_of_other_tenant_sku_rejected(two_tenants):
    tenant_a, tenant_b = two_tenants
    text = f"sku,location_id,quantity\n{tenant_a.sku},{LOCATION},0\n"

    result = import_stock_csv(tenant_b.owner, text)

    assert result.loaded == 0
    assert [line for line, _reason in result.rejected] == [2]
    assert "not in the SKU master" in result.rejected[0][1]
    assert [level.on_hand for level in stock_levels(tenant_a.owner)] == [10]
