"""The Dispatch page against the sandbox over HTTP: labels, print file, ready to dispatch, roles,
and an account whose Seller API does not respond.
"""

import io
import logging
import socket

import pytest
from conftest import email_of, navigation_titles
from pypdf import PdfReader

from ingestion.client import FlipkartClient
from orchestration.sandbox_tenant import DEMO_PASSWORD
from sellerops.accounts.validation import AccountInput
from sellerops.errors import PermissionDeniedError
from sellerops.security.permissions import Role
from sellerops.services import (
    add_account,
    create_tenant,
    get_account,
    list_audit_entries,
    operator_label,
)
from sellerops.services.actor import act_as
from sellerops.services.catalog import SkuInput, list_skus, upsert_skus
from sellerops.services.dispatch import cancel_shipments
from sellerops.services.dispatch_queue import PENDING_LABELS, dispatch_queue

PAGE = "dispatch"
OFFLINE_TENANT = "offline"
OFFLINE_SECRET = "offline-app-secret-5521"


@pytest.fixture(scope="module")
def gst_rates(dashboard):
    """Give every SKU of the tenant a GST rate, as the seller does before generating labels."""
    owner = dashboard.actors[Role.OWNER]
    rows = [
        SkuInput(
            sku.sku,
            title=sku.title,
            category=sku.category,
            hsn=sku.hsn,
            gst_rate=sku.gst_rate or "18",
            cost_price=sku.cost_price,
            weight_g=sku.weight_g,
            length_cm=sku.length_cm,
            breadth_cm=sku.breadth_cm,
            height_cm=sku.height_cm,
            low_stock_threshold=sku.low_stock_threshold,
            safety_buffer=sku.safety_buffer,
        )
        for sku in list_skus(owner)
    ]
    upsert_skus(owner, rows)
    return dashboard


def open_dispatch(logged_in_app, dashboard, role):
    at = logged_in_app(role, page=PAGE)
    name = get_account(dashboard.actors[Role.OWNER], dashboard.account_ids[0]).name
    at.selectbox(key="dispatch_account").set_value(name).run()
    assert not at.exception, at.exception
    return at


def packable(at, count):
    """Return `count` APPROVED shipments of the page's queue that Flipkart lets us pack now."""
    queue = at.session_state["dispatch_queue"]
    ready = [
        item.shipment_id
        for item in queue.stage(PENDING_LABELS)
        if item.state == "APPROVED"
        and not item.on_hold
        and (item.dispatch_after is None or item.dispatch_after <= queue.as_of)
    ]
    assert len(ready) >= count, f"the queue has {len(ready)} packable shipments, not {count}"
    return ready[:count]


def sandbox_states(dashboard, shipment_ids):
    """Read the shipments' item states from the sandbox's HTTP API with the seller's own app."""
    seller = dashboard.server.credentials()[0]
    with FlipkartClient(
        "local", seller["app_id"], seller["app_secret"], base_url=dashboard.server.base_url
    ) as client:
        shipments = client.shipments.get(shipment_ids=shipment_ids)
    return {s.shipment_id: {item.status for item in s.order_items} for s in shipments}


def messages(at):
    return [element.value for element in (*at.success, *at.warning, *at.error)]


def test_three_shipments_dispatched(gst_rates, logged_in_app):
    dashboard = gst_rates
    at = open_dispatch(logged_in_app, dashboard, Role.PACKER)
    ids = packable(at, 3)

    at.multiselect(key="dispatch_select_labels").set_value(ids).run()
    at.button(key="dispatch_generate").click().run()
    assert not at.exception, at.exception
    assert "Labels requested: 3 shipments." in messages(at)

    at.multiselect(key="dispatch_select_ready").set_value(ids).run()
    at.button(key="dispatch_print_button").click().run()
    printed = at.session_state["dispatch_print"]
    assert printed.content.startswith(b"%PDF")
    # One label page per shipment, then its invoice and its packing slip.
    assert len(PdfReader(io.BytesIO(printed.content)).pages) == 9
    assert printed.pages == 9
    assert len(at.get("download_button")) == 1

    at.button(key="dispatch_ready").click().run()
    assert not at.exception, at.exception
    assert "Marked ready to dispatch: 3 shipments." in messages(at)

    assert sandbox_states(dashboard, ids) == {sid: {"READY_TO_DISPATCH"} for sid in ids}
    entries = list_audit_entries(dashboard.actors[Role.OWNER], limit=500)
    packer = f"user:{dashboard.actors[Role.PACKER].email}"
    for action in ("dispatch.labels", "dispatch.ready"):
        done = {
            entry.object_id
            for entry in entries
            if entry.action == action
            and entry.result == "succeeded"
            and entry.actor_label == packer
        }
        assert done >= set(ids), action
    invoiced = [
        entry
        for entry in entries
        if entry.action == "document.issue" and entry.object_type == "tax_invoice"
    ]
    assert {entry.detail.get("shipment_id") for entry in invoiced} >= set(ids)


def test_queue_shows_stages(gst_rates, logged_in_app):
    at = open_dispatch(logged_in_app, gst_rates, Role.MANAGER)

    labels = [metric.label for metric in at.metric]
    assert labels == [
        "Pending labels",
        "Pending ready to dispatch",
        "Awaiting pickup",
        "SLA at risk or breached",
    ]
    assert [tab.label for tab in at.tabs] == [
        "Pending labels",
        "Pending ready to dispatch",
        "Handover",
    ]
    assert at.metric[0].value == str(len(packable_or_not(at)))


def packable_or_not(at):
    return at.session_state["dispatch_queue"].stage(PENDING_LABELS)


@pytest.mark.parametrize(
    ("role", "can_cancel"), [(Role.OWNER, True), (Role.MANAGER, True), (Role.PACKER, False)]
)
def test_cancel_only_for_managers(gst_rates, logged_in_app, role, can_cancel):
    at = open_dispatch(logged_in_app, gst_rates, role)
    buttons = [button.key for button in at.button]
    assert ("dispatch_cancel" in buttons) is can_cancel
    assert "dispatch_generate" in buttons


@pytest.mark.parametrize("role", [Role.ACCOUNTANT, Role.VIEWER])
def test_page_hidden_and_refused(gst_rates, logged_in_app, role):
    at = logged_in_app(role)

    assert "Dispatch" not in navigation_titles(at)
    with pytest.raises(PermissionDeniedError):
        dispatch_queue(gst_rates.actors[role], gst_rates.account_ids[0])


def test_packer_cancel_refused(gst_rates):
    packer = gst_rates.actors[Role.PACKER]
    with pytest.raises(PermissionDeniedError):
        cancel_shipments(packer, gst_rates.account_ids[0], ["any"], "not_enough_inventory")


@pytest.fixture(scope="module")
def offline_account(dashboard):
    """Tenant `offline` with one account whose base URL is a loopback port nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    create_tenant(
        dashboard.store,
        operator_label(),
        slug=OFFLINE_TENANT,
        name="Offline",
        owner_email=email_of(Role.OWNER, OFFLINE_TENANT),
        owner_password=DEMO_PASSWORD,
    )
    owner = act_as(dashboard.store, OFFLINE_TENANT, email_of(Role.OWNER, OFFLINE_TENANT))
    shop_account = get_account(dashboard.actors[Role.OWNER], dashboard.account_ids[0])
    add_account(
        owner,
        AccountInput(
            name="Offline seller",
            environment="local",
            app_id="offline-app",
            app_secret=OFFLINE_SECRET,
            gstin=shop_account.gstin,
            state_code=shop_account.state_code,
            state=shop_account.state,
            base_url=f"http://127.0.0.1:{port}",
        ),
    )
    return port


def test_unreachable_api_shows_error(offline_account, logged_in_app):
    at = logged_in_app(Role.OWNER, page=PAGE, tenant=OFFLINE_TENANT)

    errors = [element.value for element in at.error]
    assert not at.exception, at.exception
    assert len(errors) == 1, errors
    assert errors[0].startswith("The dispatch queue was not read: Flipkart's Seller API")
    assert "after 3 attempts" in errors[0]
    assert f"could not connect to http://127.0.0.1:{offline_account}" in errors[0]
    assert OFFLINE_SECRET not in errors[0]


def test_unreachable_api_keeps_page(offline_account, logged_in_app):
    at = logged_in_app(Role.OWNER, page=PAGE, tenant=OFFLINE_TENANT)

    assert [header.value for header in at.header] == ["Dispatch"]
    assert at.selectbox(key="dispatch_account").value == "Offline seller"
    assert at.button(key="dispatch_refresh").label == "Refresh from Flipkart"
    assert not at.metric


def test_try_again_reads_again(offline_account, logged_in_app, caplog):
    at = logged_in_app(Role.OWNER, page=PAGE, tenant=OFFLINE_TENANT)
    caplog.clear()

    with caplog.at_level(logging.WARNING, logger="streamlit_app"):
        at.button(key="dispatch_retry").click().run()

    failed_reads = [
        record for record in caplog.records if "dispatch queue was not read" in record.getMessage()
    ]
    assert not at.exception, at.exception
    assert len(failed_reads) == 1
    assert len(at.error) == 1
    assert at.button(key="dispatch_retry").label == "Try again"
