"""One callable per service action, each repeatable, for the matrix and isolation tests."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from dispatch_operations import (
    approved_shipment,
    dispatch_account,
    export_returns,
    packed_shipment,
)
from factories import BUYER, PASSWORD, account_input
from report_files import returns_csv

from sellerops.alerts import AlertCandidate, AlertKind, Severity, WarehouseRows
from sellerops.notify.outbox import record_alerts
from sellerops.scheduled_reports import Frequency, period_starting
from sellerops.security.permissions import Action
from sellerops.services import (
    Actor,
    add_account,
    add_user,
    build_client,
    change_own_password,
    deactivate_account,
    disable_user,
    enable_user,
    erase_order_data,
    export_order_data,
    get_account,
    get_buyer_contacts,
    get_tenant,
    get_user,
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
from sellerops.services.account_profile import account_profile, set_account_profile, set_location
from sellerops.services.alert_channels import configure_whatsapp
from sellerops.services.alerts import (
    add_recipient,
    list_inbox,
    mark_read,
    run_alerts,
    set_rule,
)
from sellerops.services.catalog import SkuInput, list_skus, upsert_skus
from sellerops.services.dispatch import (
    cancel_shipments,
    generate_labels,
    mark_ready_to_dispatch,
)
from sellerops.services.dispatch_queue import dispatch_queue
from sellerops.services.document_branding import set_branding
from sellerops.services.document_records import NumberedRequest, record_numbered_document
from sellerops.services.documents import get_document, issue_credit_note, issue_invoice
from sellerops.services.pricing import PriceChange, record_price_change
from sellerops.services.report_imports import import_report
from sellerops.services.report_uploads import get_report_upload, list_report_uploads
from sellerops.services.scheduled_report_records import ReportFiles, record_report
from sellerops.services.scheduled_reports import (
    get_report_file,
    list_scheduled_reports,
    send_report,
    set_report_recipient,
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
from sellerops.services.sync_state import advance_cursor, get_cursor
from sellerops.services.warehouse_reads import published_warehouse

CONTACT = BUYER
ORDER_DATE = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
LOCATION = "LOC0001"


@dataclass
class Tenant:
    """A tenant with an owner, an account, a target user and an order with a buyer contact."""

    owner: Actor
    account_id: str
    target_email: str
    order_id: str
    shipment_id: str
    upload_id: str
    sku: str
    document_id: str


_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


def populate(owner: Actor) -> Tenant:
    """Give the owner's tenant one of everything the operations act on."""
    account = add_account(owner, account_input(unique("main")))
    target = unique("target") + "@example.com"
    add_user(owner, target, "viewer", PASSWORD)
    order_id, shipment_id = unique("OD1000"), unique("shipment-")
    record_buyer_contact(owner, account.id, order_id, shipment_id, CONTACT)
    record_orders(owner, account.id, [(order_id, ORDER_DATE)])
    sku = unique("SKU-")
    upsert_skus(owner, [SkuInput(sku, title="Steel Water Bottle")])
    receive_stock(owner, sku, LOCATION, 10, unique("GRN-"))
    set_location(owner, account.id, "LOC0001", "Bengaluru", "560001", "29")
    upload = import_report(owner, account.id, new_report_file(owner))
    document_id = _issued_documents(owner, account.id, order_id, shipment_id)
    return Tenant(
        owner, account.id, target, order_id, shipment_id, upload.upload_id, sku, document_id
    )


def _issued_documents(owner: Actor, account_id: str, order_id: str, shipment_id: str) -> str:
    """Record an invoice and its credit note without Flipkart; return the invoice's id.

    The services then find both already issued, so the matrix needs no sandbox server.
    """
    gstin = get_account(owner, account_id).gstin
    invoice = record_numbered_document(
        owner,
        NumberedRequest(account_id, gstin, "tax_invoice", shipment_id, order_id),
        lambda number, day: f"%PDF-1.4 {number} {day}".encode(),
        Action.DOCUMENT_ISSUE,
    )
    record_numbered_document(
        owner,
        NumberedRequest(
            account_id, gstin, "credit_note", shipment_id, order_id, original_id=invoice.id
        ),
        lambda number, day: f"%PDF-1.4 {number} {day}".encode(),
        Action.DOCUMENT_CREDIT_NOTE,
    )
    return invoice.id


def new_report_file(actor: Actor) -> Path:
    """Write a returns report that no earlier call wrote, so that each import loads anew."""
    folder = actor.store.settings.data_dir / "report-samples"
    folder.mkdir(parents=True, exist_ok=True)
    return returns_csv(folder / f"{unique('returns-')}.csv", return_id=unique("R-"))


def _connect(actor: Actor, tenant: Tenant) -> object:
    client = build_client(actor, tenant.account_id)
    client.close()
    return client


def _erase(actor: Actor, tenant: Tenant) -> object:
    order_id, shipment_id = unique("OD2000"), unique("shipment-")
    record_buyer_contact(tenant.owner, tenant.account_id, order_id, shipment_id, CONTACT)
    return erase_order_data(actor, order_id)


def _deactivate(actor: Actor, tenant: Tenant) -> object:
    account = add_account(tenant.owner, account_input(unique("spare")))
    return deactivate_account(actor, account.id)


def _advance(actor: Actor, tenant: Tenant) -> object:
    # Each call moves the cursor one minute further, so that every allowed call advances it.
    cursor_at = ORDER_DATE + timedelta(minutes=next(_counter))
    return advance_cursor(actor, tenant.account_id, "shipments", cursor_at, unique("batch-"))


def _disable(actor: Actor, tenant: Tenant) -> object:
    view = disable_user(actor, tenant.target_email)
    enable_user(tenant.owner, tenant.target_email)
    return view


def new_alert(owner: Actor) -> str:
    """Raise a new alert in the owner's tenant, as an evaluation would; return its id."""
    candidate = AlertCandidate(
        AlertKind.LOW_STOCK, unique("low_stock:test:"), Severity.WARNING, "Low stock", "2 left."
    )
    with owner.store.write(owner.tenant_id) as session:
        return record_alerts(session, owner.tenant_id, [candidate], ORDER_DATE)[0].id


def new_recipient(owner: Actor) -> str:
    """Add an email recipient of alerts to the owner's tenant; return its id."""
    return add_recipient(owner, "email", unique("ops") + "@example.com").id


def new_scheduled_report(owner: Actor) -> str:
    """Store a weekly report of a week no earlier call used in the owner's tenant; return its id."""
    start = date(2026, 1, 5) + timedelta(weeks=next(_counter))
    period = period_starting(Frequency.WEEKLY, start)
    files = ReportFiles(pdf=b"%PDF-1.4 report", csv=b"section\n", totals={})
    return record_report(owner, period, None, files).id


def report_to_send(owner: Actor) -> str:
    """Store a report that a new weekly recipient has not received yet; return its id.

    The tenant has no email channel, so sending it fails at once and is audited.
    """
    new_report_recipient(owner)
    return new_scheduled_report(owner)


def new_report_recipient(owner: Actor) -> str:
    """Add a weekly report recipient to the owner's tenant; return its id."""
    return set_report_recipient(owner, unique("reports") + "@example.com", ["weekly"]).id


OPERATIONS: dict[Action, Callable[[Actor, Tenant], object]] = {
    Action.TENANT_VIEW: lambda actor, t: get_tenant(actor),
    Action.ACCOUNT_ADD: lambda actor, t: add_account(actor, account_input(unique("extra"))),
    Action.ACCOUNT_LIST: lambda actor, t: list_accounts(actor),
    Action.ACCOUNT_UPDATE_CREDENTIALS: lambda actor, t: update_credentials(
        actor, t.account_id, "app-new", "new-secret-0123456789"
    ),
    Action.ACCOUNT_DEACTIVATE: _deactivate,
    Action.ACCOUNT_CONNECT: _connect,
    Action.USER_ADD: lambda actor, t: add_user(
        actor, unique("new") + "@example.com", "packer", PASSWORD
    ),
    Action.USER_LIST: lambda actor, t: list_users(actor),
    Action.USER_SET_ROLE: lambda actor, t: set_role(actor, t.target_email, "viewer"),
    Action.USER_DISABLE: _disable,
    Action.USER_ENABLE: lambda actor, t: enable_user(actor, t.target_email),
    Action.USER_CHANGE_OWN_PASSWORD: lambda actor, t: change_own_password(
        actor, PASSWORD, PASSWORD
    ),
    Action.AUDIT_READ: lambda actor, t: list_audit_entries(actor),
    Action.BUYER_RECORD: lambda actor, t: record_buyer_contact(
        actor, t.account_id, t.order_id, t.shipment_id, CONTACT
    ),
    Action.BUYER_VIEW: lambda actor, t: get_buyer_contacts(actor, t.order_id),
    Action.BUYER_MARK_INVOICED: lambda actor, t: mark_invoiced(
        actor, t.account_id, t.order_id, t.shipment_id, "INV-1", date(2026, 3, 11)
    ),
    Action.PRIVACY_EXPORT: lambda actor, t: export_order_data(actor, t.order_id),
    Action.PRIVACY_ERASE: _erase,
    Action.USAGE_RECORD_ORDERS: lambda actor, t: record_orders(
        actor, t.account_id, [(unique("OD3000"), ORDER_DATE)]
    ),
    Action.USAGE_VIEW: lambda actor, t: monthly_usage(actor, "2026-03"),
    Action.SKU_VIEW: lambda actor, t: list_skus(actor),
    Action.SKU_EDIT: lambda actor, t: upsert_skus(
        actor, [SkuInput(unique("SKU-"), title="Cotton T-Shirt", cost_price="199.50")]
    ),
    Action.ACCOUNT_CONFIGURE: lambda actor, t: set_account_profile(
        actor, t.account_id, tier="SILVER"
    ),
    Action.SYNC_RUN: _advance,
    Action.REPORT_IMPORT: lambda actor, t: import_report(
        actor, t.account_id, new_report_file(actor)
    ),
    Action.REPORT_VIEW: lambda actor, t: list_report_uploads(actor),
    Action.STOCK_VIEW: lambda actor, t: stock_levels(actor),
    Action.STOCK_ADJUST: lambda actor, t: adjust_stock(actor, t.sku, LOCATION, 1, "found on shelf"),
    Action.STOCK_RECEIVE: lambda actor, t: receive_stock(actor, t.sku, LOCATION, 5, unique("GRN-")),
    Action.STOCK_COUNT: lambda actor, t: count_stock(actor, t.sku, LOCATION, 7),
    Action.STOCK_UPLOAD: lambda actor, t: import_stock_csv(
        actor, f"sku,location_id,quantity\n{t.sku},{LOCATION},9\n"
    ),
    Action.STOCK_PUSH: lambda actor, t: record_push(
        actor, t.account_id, [PushRecord(t.sku, LOCATION, 3, 5, 2, "ok")]
    ),
    Action.DOCUMENT_ISSUE: lambda actor, t: issue_invoice(actor, t.account_id, t.shipment_id),
    Action.DOCUMENT_VIEW: lambda actor, t: get_document(actor, t.document_id),
    Action.DOCUMENT_CREDIT_NOTE: lambda actor, t: issue_credit_note(
        actor, t.account_id, t.shipment_id, "customer return received"
    ),
    Action.BRANDING_EDIT: lambda actor, t: set_branding(actor, "Acme Traders", ["12 MG Road"]),
    Action.ALERT_VIEW: lambda actor, t: list_inbox(actor),
    Action.ALERT_MARK_READ: lambda actor, t: mark_read(actor, new_alert(t.owner)),
    Action.ALERT_CONFIGURE: lambda actor, t: set_rule(actor, "low_stock", threshold="5"),
    Action.ALERT_CHANNEL_CONFIGURE: lambda actor, t: configure_whatsapp(
        actor,
        phone_number_id="106540352242922",
        template_name="sellerops_alert",
        access_token="token-0123456789",
    ),
    Action.ALERT_RUN: lambda actor, t: run_alerts(actor, WarehouseRows(), ORDER_DATE),
    Action.PRICE_UPDATE: lambda actor, t: record_price_change(
        actor,
        t.account_id,
        PriceChange(t.sku, Decimal("499"), Decimal("529"), Decimal("999"), "ok"),
    ),
    Action.DASHBOARD_VIEW: lambda actor, t: published_warehouse(actor, Action.DASHBOARD_VIEW),
    Action.ORDER_VIEW: lambda actor, t: published_warehouse(actor, Action.ORDER_VIEW),
    Action.RETURNS_VIEW: lambda actor, t: published_warehouse(actor, Action.RETURNS_VIEW),
    Action.PROFIT_VIEW: lambda actor, t: published_warehouse(actor, Action.PROFIT_VIEW),
    Action.DISPATCH_VIEW: lambda actor, t: dispatch_queue(actor, dispatch_account(t.owner)),
    Action.DISPATCH_LABELS: lambda actor, t: generate_labels(
        actor, dispatch_account(t.owner), [approved_shipment(t.owner)]
    ),
    Action.DISPATCH_READY: lambda actor, t: mark_ready_to_dispatch(
        actor, dispatch_account(t.owner), [packed_shipment(t.owner)]
    ),
    Action.DISPATCH_CANCEL: lambda actor, t: cancel_shipments(
        actor, dispatch_account(t.owner), [approved_shipment(t.owner)], "not_enough_inventory"
    ),
    Action.EXPORT_CREATE: lambda actor, t: export_returns(actor, t.owner),
    Action.SCHEDULED_REPORT_VIEW: lambda actor, t: list_scheduled_reports(actor),
    Action.SCHEDULED_REPORT_CONFIGURE: lambda actor, t: set_report_recipient(
        actor, unique("reports") + "@example.com", ["weekly"]
    ),
    Action.SCHEDULED_REPORT_RUN: lambda actor, t: send_report(actor, report_to_send(t.owner)),
}

# Reads that take an id, checked against another tenant's ids in the isolation test.
READS_BY_ID: dict[str, Callable[[Actor, Tenant], object]] = {
    "get_account": lambda actor, t: get_account(actor, t.account_id),
    "get_user": lambda actor, t: get_user(actor, t.target_email),
    "export_order_data": lambda actor, t: export_order_data(actor, t.order_id),
    "build_client": _connect,
    "account_profile": lambda actor, t: account_profile(actor, t.account_id),
    "get_cursor": lambda actor, t: get_cursor(actor, t.account_id, "shipments"),
    "get_report_upload": lambda actor, t: get_report_upload(actor, t.upload_id),
    "get_document": lambda actor, t: get_document(actor, t.document_id),
    "dispatch_queue": lambda actor, t: dispatch_queue(actor, t.account_id),
    "export_report": lambda actor, t: export_returns(actor, actor, t.account_id),
    "get_report_file": lambda actor, t: get_report_file(
        actor, new_scheduled_report(t.owner), "pdf"
    ),
}
