import json
from datetime import UTC, date, datetime, timedelta

import pytest
from factories import new_tenant
from operations import CONTACT, populate
from sqlalchemy import select

from ingestion.client.records.details import ShipmentDetails
from sellerops.errors import NotFoundError
from sellerops.models import AuditEntry
from sellerops.services import (
    BuyerContactInput,
    erase_order_data,
    export_order_data,
    get_buyer_contacts,
    mark_invoiced,
    record_buyer_contact,
)

NOW = datetime(2027, 1, 1, tzinfo=UTC)


def test_export_returns_all_fields(store):
    tenant = populate(new_tenant(store, "acme"))
    document = export_order_data(tenant.owner, tenant.order_id)
    contact = document["buyer_contacts"][0]
    assert contact["buyer_name"] == "Asha Rao"
    assert contact["phone"] == "9876543210"
    assert json.loads(json.dumps(document)) == document


def test_export_audited(store):
    tenant = populate(new_tenant(store, "acme"))
    export_order_data(tenant.owner, tenant.order_id)
    with store.operator_read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "privacy.export")
        ).one()
    assert (entry.object_id, entry.result) == (tenant.order_id, "succeeded")
    assert "Asha" not in entry.detail_json


def test_export_unknown_order(store):
    owner = new_tenant(store, "acme")
    with pytest.raises(NotFoundError) as caught:
        export_order_data(owner, "OD000")
    assert "No buyer data for order 'OD000'" in str(caught.value)


def test_erase_without_invoice(store):
    tenant = populate(new_tenant(store, "acme"))
    report = erase_order_data(tenant.owner, tenant.order_id, now=lambda: NOW)
    contact = get_buyer_contacts(tenant.owner, tenant.order_id)[0]
    assert contact["buyer_name"].startswith("erased-buyer-")
    assert contact["billing_name"] == contact["buyer_name"]
    assert contact["phone"] is None
    assert contact["address_line1"] == ""
    assert contact["billing_address_line1"] == ""
    assert contact["pincode"] == "560001"
    assert report.retained == []


def test_erase_keeps_invoice_fields(store):
    tenant = populate(new_tenant(store, "acme"))
    mark_invoiced(
        tenant.owner,
        tenant.account_id,
        tenant.order_id,
        tenant.shipment_id,
        "INV-7",
        date(2026, 3, 11),
    )
    report = erase_order_data(tenant.owner, tenant.order_id, now=lambda: NOW)
    contact = get_buyer_contacts(tenant.owner, tenant.order_id)[0]
    assert contact["billing_name"] == "Asha Rao"
    assert contact["billing_address_line1"] == "12 MG Road"
    assert contact["phone"] is None
    assert contact["address_line1"] == ""
    assert report.retained == [(tenant.shipment_id, "INV-7", date(2034, 3, 11))]


def test_erase_summary_says_why(store):
    tenant = populate(new_tenant(store, "acme"))
    mark_invoiced(
        tenant.owner,
        tenant.account_id,
        tenant.order_id,
        tenant.shipment_id,
        "INV-7",
        date(2026, 3, 11),
    )
    summary = erase_order_data(tenant.owner, tenant.order_id, now=lambda: NOW).summary()
    assert "invoice INV-7 was issued" in summary
    assert "retained, here for 8 years, until 2034-03-11" in summary


def test_erase_after_retention_removes_all(store):
    tenant = populate(new_tenant(store, "acme"))
    mark_invoiced(
        tenant.owner,
        tenant.account_id,
        tenant.order_id,
        tenant.shipment_id,
        "INV-7",
        date(2010, 3, 11),
    )
    report = erase_order_data(tenant.owner, tenant.order_id, now=lambda: NOW)
    contact = get_buyer_contacts(tenant.owner, tenant.order_id)[0]
    assert contact["billing_address_line1"] == ""
    assert report.retained == []


def test_erase_audited_without_personal_data(store):
    tenant = populate(new_tenant(store, "acme"))
    erase_order_data(tenant.owner, tenant.order_id, now=lambda: NOW)
    with store.operator_read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "privacy.erase")
        ).one()
    assert entry.object_id == tenant.order_id
    assert "Asha" not in entry.detail_json


def test_sync_cannot_undo_erasure(store):
    tenant = populate(new_tenant(store, "acme"))
    erase_order_data(tenant.owner, tenant.order_id, now=lambda: NOW + timedelta(days=1))
    record_buyer_contact(
        tenant.owner, tenant.account_id, tenant.order_id, tenant.shipment_id, CONTACT
    )
    assert get_buyer_contacts(tenant.owner, tenant.order_id)[0]["phone"] is None


def test_contact_from_shipment_details():
    details = ShipmentDetails.model_validate(
        {
            "shipmentId": "s1",
            "orderId": "OD1",
            "deliveryAddress": {
                "firstName": "Asha",
                "lastName": "Rao",
                "pinCode": "560001",
                "city": "Bengaluru",
                "state": "Karnataka",
                "stateCode": "29",
                "addressLine1": "12 MG Road",
                "contactNumber": "9876543210",
            },
            "billingAddress": {"firstName": "Asha", "lastName": "R", "pinCode": "560002"},
            "buyerDetails": {"firstName": "Asha", "lastName": "Rao"},
        }
    )
    contact = BuyerContactInput.from_shipment_details(details)
    assert (contact.buyer_name, contact.phone) == ("Asha Rao", "9876543210")
    assert (contact.billing_name, contact.billing_pincode) == ("Asha R", "560002")
    assert "Asha" not in repr(contact)
