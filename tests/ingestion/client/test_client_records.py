"""Records: exact money, ids as text, aliases, aware datetimes, unknown fields, speed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from ingestion.client import Invoice, PriceUpdate, ReturnItem, Shipment, ShipmentDetails
from ingestion.client.records import IST
from ingestion.client.records.handover import HandoverCount


def decode(text: str):
    return json.loads(text, parse_float=Decimal)


SHIPMENT_JSON = """
{"shipmentId": "32813d5e-527f-4244-a32c-992a179bc11d",
 "updatedAt": "2021-08-03T16:00:00.000+05:30",
 "newTopLevelField": {"kept": true},
 "orderItems": [{
   "orderItemId": 12248267400772201, "orderId": "OD122482674007722000",
   "orderDate": "2021-08-03T11:51:34.000+05:30", "status": "APPROVED", "quantity": 1.0,
   "priceComponents": {"sellingPrice": 98.606, "totalPrice": 501.0, "shippingCharge": 49},
   "isReplacement": true, "unknownItemField": "x"}]}
"""


def test_money_stays_exact_decimal() -> None:
    shipment = Shipment.model_validate(decode(SHIPMENT_JSON))
    prices = shipment.order_items[0].price_components

    assert prices.selling_price == Decimal("98.606")
    assert str(prices.selling_price) == "98.606"
    assert prices.total_price == Decimal("501.0")
    assert prices.shipping_charge == Decimal(49)


def test_long_numeric_id_stays_text() -> None:
    item = Shipment.model_validate(decode(SHIPMENT_JSON)).order_items[0]

    assert item.order_item_id == "12248267400772201"
    assert isinstance(item.order_item_id, str)


def test_quantity_float_becomes_int() -> None:
    item = Shipment.model_validate(decode(SHIPMENT_JSON)).order_items[0]

    assert item.quantity == 1
    assert isinstance(item.quantity, int)


def test_fractional_quantity_rejected() -> None:
    payload = decode(SHIPMENT_JSON)
    payload["orderItems"][0]["quantity"] = Decimal("1.5")

    with pytest.raises(ValidationError):
        Shipment.model_validate(payload)


@pytest.mark.parametrize("key", ["is_replacement", "isReplacement"])
def test_replacement_flag_both_spellings(key: str) -> None:
    payload = decode(SHIPMENT_JSON)
    item = payload["orderItems"][0]
    item.pop("isReplacement")
    item[key] = True

    parsed = Shipment.model_validate(payload).order_items[0]

    assert parsed.is_replacement is True
    assert parsed.model_dump(by_alias=True)["is_replacement"] is True


def test_unknown_fields_kept() -> None:
    shipment = Shipment.model_validate(decode(SHIPMENT_JSON))

    assert shipment.model_extra == {"newTopLevelField": {"kept": True}}
    assert shipment.order_items[0].model_extra == {"unknownItemField": "x"}


def test_datetimes_aware_and_naive_is_ist() -> None:
    payload = decode(SHIPMENT_JSON)
    payload["orderItems"][0]["orderDate"] = "2021-08-03T11:51:34"

    shipment = Shipment.model_validate(payload)

    assert shipment.updated_at == datetime(2021, 8, 3, 10, 30, tzinfo=UTC)
    assert shipment.order_items[0].order_date.utcoffset() == timedelta(hours=5, minutes=30)
    assert shipment.order_items[0].order_date.tzinfo == IST


def test_return_dates_utc_and_ist() -> None:
    item = ReturnItem.model_validate(
        {
            "returnId": 10201517624615360867,
            "orderDate": "2022-08-07T17:06:02.363Z",
            "createdDate": "2022-08-09T15:59:21+05:30",
            "quantity": 1,
        }
    )

    assert item.return_id == "10201517624615360867"
    assert item.order_date.utcoffset() == timedelta(0)
    assert item.created_date.utcoffset() == timedelta(hours=5, minutes=30)


def test_details_id_is_order_item_id() -> None:
    details = ShipmentDetails.model_validate(
        {
            "shipmentId": "s1",
            "orderItems": [{"id": 12248267400772201, "fragile": False}],
            "deliveryAddress": {
                "firstName": "Asha",
                "contactNumber": "9999999999",
                "pinCode": 560001,
            },
            "subShipments": [
                {
                    "subShipmentId": "SS-1",
                    "courierDetails": {"deliveryDetails": {"trackingId": "FMPC1"}},
                }
            ],
        }
    )

    assert details.order_items[0].order_item_id == "12248267400772201"
    assert details.delivery_address.pin_code == "560001"
    assert details.forward_tracking_id == "FMPC1"
    assert "Asha" not in repr(details)
    assert "9999999999" not in repr(details)


def test_invoice_date_and_rates() -> None:
    invoice = Invoice.model_validate(
        decode(
            '{"shipmentId": "s1", "invoiceDate": "2024-01-31T23:30:00.000+05:30",'
            ' "orderItems": [{"orderItemId": "1", "invoiceAmount": 501.0, "taxRate": 18.0,'
            ' "taxDetails": {"cgstRate": 9.0, "sgstRate": 9.0, "igstRate": 0.0}}]}'
        )
    )

    assert invoice.invoice_date.isoformat() == "2024-01-31"
    assert invoice.order_items[0].tax_details.cgst_rate == Decimal("9.0")


def test_handover_slot_both_shapes() -> None:
    after_before = HandoverCount.model_validate(
        {
            "vendorGroupCode": "Ekart Logistics",
            "count": 3,
            "pickUpDate": {
                "after": "2022-08-28T15:00:00.000+05:30",
                "before": "2022-08-28T17:00:00.000+05:30",
            },
        }
    )
    from_to = HandoverCount.model_validate(
        {"vendorGroupCode": "E", "pickUpDate": {"from": "2022-08-28T15:00:00+05:30"}}
    )

    assert after_before.pickup_to.hour == 17
    assert from_to.pickup_from.hour == 15


def test_price_update_checks() -> None:
    with pytest.raises(ValidationError, match="above mrp"):
        PriceUpdate(product_id="P", mrp=Decimal(100), selling_price=Decimal(120))
    with pytest.raises(ValidationError, match="whole number"):
        PriceUpdate(product_id="P", mrp=Decimal("99.5"), selling_price=Decimal(90))
