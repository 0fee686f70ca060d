"""Records in Flipkart's JSON wire shapes: shipment, shipment details, invoice, return, listing."""

from datetime import datetime

from .accounts import SellerAccount
from .catalogue import Product
from .categories import tax_code
from .config import IST, iso, iso_or_none
from .orders import CHEAP_ITEM_LIMIT, SHIPPING_FEES
from .people import buyer_address
from .records import Item, Return, Shipment

SERVICE_PROFILE = "Seller_Fulfilment"  # every simulated shipment is NON_FBF
PACKED_OR_LATER = frozenset(
    {
        "PACKED",
        "READY_TO_DISPATCH",
        "PICKUP_COMPLETE",
        "SHIPPED",
        "DELIVERED",
        "RETURN_REQUESTED",
        "RETURNED",
        "COMPLETED",
    }
)


def money(value: float) -> float:
    """Rupees as a float rounded to 2 places, the wire format of amounts."""
    return round(float(value), 2)


def _dimensions(item: Item) -> dict:
    length, breadth, height = item.product.size_cm
    weight_kg = item.product.weight_g * item.quantity / 1000.0
    return {"length": length, "breadth": breadth, "height": height, "weight": round(weight_kg, 3)}


def _price_components(item: Item) -> dict:
    # NOTE: totalPrice and customerPrice follow sellingPrice + shippingCharge - flipkartDiscount.
    # Flipkart's documents disagree on totalPrice, and every public sample has no discount.
    total = item.customer_price
    return {
        "sellingPrice": money(item.selling_price),
        "totalPrice": money(total),
        "shippingCharge": money(item.shipping_charge),
        "customerPrice": money(total),
        "flipkartDiscount": money(item.flipkart_discount),
    }


def shipment_wire(shipment: Shipment) -> dict:
    """Return the Shipment object of the filter and get-by-ids endpoints."""
    order = shipment.order
    courier_return = bool(shipment.returns) and shipment.returns[0].source == "courier_return"
    items = []
    packages = []
    for item in shipment.items:
        product = item.product
        package_id = product.package_id()
        items.append(
            {
                "orderItemId": item.order_item_id,
                "orderId": order.order_id,
                "cancellationGroupId": "grp" + item.order_item_id,
                "orderDate": iso(order.order_date),
                "cancellationDate": iso_or_none(shipment.cancelled_at),
                "paymentType": order.payment_type,
                "status": shipment.status,
                "cancellationReason": shipment.cancel_reason,
                "cancellationSubReason": shipment.cancel_sub_reason,
                "courierReturn": courier_return,
                "quantity": item.quantity,
                "fsn": product.fsn,
                "sku": product.sku,
                "listingId": product.listing_id,
                "hsn": product.kind.hsn,
                "title": product.title,
                "packageIds": [package_id],
                "priceComponents": _price_components(item),
                "serviceProfile": SERVICE_PROFILE,
                "is_replacement": False,
            }
        )
        packages.append(
            {
                "packageId": package_id,
                "packageTitle": None,
                "packageSku": product.sku,
                "dimensions": _dimensions(item),
            }
        )
    return {
        "shipmentId": shipment.shipment_id,
        "dispatchByDate": iso(shipment.dispatch_by),
        "dispatchAfterDate": iso(shipment.dispatch_after),
        "updatedAt": iso(shipment.updated_at),
        "locationId": shipment.location_id,
        "hold": shipment.hold,
        "mps": False,
        "packagingPolicy": "DEFAULT",
        "subShipments": [{"subShipmentId": "SS-1", "packages": packages}],
        "orderItems": items,
        "forms": [],
        "shipmentType": shipment.shipment_type,
    }


def _shipment_dimensions(shipment: Shipment) -> dict:
    if shipment.dimensions:
        return dict(shipment.dimensions)
    length = max(item.product.size_cm[0] for item in shipment.items)
    breadth = max(item.product.size_cm[1] for item in shipment.items)
    height = sum(item.product.size_cm[2] * item.quantity for item in shipment.items)
    weight = sum(item.product.weight_g * item.quantity for item in shipment.items) / 1000.0
    return {"length": length, "breadth": breadth, "height": height, "weight": round(weight, 3)}


def shipment_details_wire(shipment: Shipment, seller: SellerAccount) -> dict:
    """Return the shipping-details object: addresses, buyer, courier and dimensions.

    NOTE: tracking ids appear from PACKED on, because the AWB is printed on the label. Flipkart
    does not document the exact moment.
    """
    order = shipment.order
    address = buyer_address(order.buyer_seed, order.city, order.pincode)
    courier = None
    if shipment.status in PACKED_OR_LATER:
        details = {"trackingId": shipment.tracking_id, "vendorName": shipment.vendor_name}
        courier = {"pickupDetails": dict(details), "deliveryDetails": dict(details)}
    return_address = {key: value for key, value in seller.address.items() if key != "sellerName"}
    return {
        "orderId": order.order_id,
        "shipmentId": shipment.shipment_id,
        "locationId": shipment.location_id,
        "orderItems": [
            {
                "id": item.order_item_id,
                "fragile": item.product.category.key == "home_kitchen"
                and item.product.kind.code == "LMP",
                "large": item.product.weight_g * item.quantity >= 5000,
                "dangerous": item.product.kind.code == "PWB",
                "add_ons": [],
            }
            for item in shipment.items
        ],
        "deliveryAddress": address,
        "billingAddress": dict(address),
        "buyerDetails": {"firstName": address["firstName"], "lastName": address["lastName"]},
        "sellerAddress": dict(seller.address),
        "returnAddress": return_address,
        "subShipments": [
            {
                "subShipmentId": "SS-1",
                "courierDetails": courier,
                "shipmentDimensions": _shipment_dimensions(shipment),
            }
        ],
    }


def invoice_wire(shipment: Shipment, seller: SellerAccount) -> dict:
    """Return one element of the invoices JSON list, with CGST+SGST within the seller's state."""
    intra_state = shipment.order.city.state_code == seller.state_code
    items = []
    for item in shipment.items:
        rate = shipment.tax_rates.get(
            item.order_item_id, float(item.product.gst_rate(item.unit_price))
        )
        if intra_state:
            details = {"cgstRate": rate / 2, "sgstRate": rate / 2, "igstRate": 0.0}
        else:
            details = {"cgstRate": 0.0, "sgstRate": 0.0, "igstRate": rate}
        items.append(
            {
                "orderItemId": item.order_item_id,
                "invoiceAmount": money(item.customer_price),
                "taxRate": float(rate),
                "serialNumbers": [],
                "taxDetails": details,
            }
        )
    # NOTE: invoiceDate is sent as a date (YYYY-MM-DD), which Flipkart's pages call an "ISO date".
    invoice_day = datetime.fromtimestamp(shipment.invoice_date or 0.0, IST).date().isoformat()
    return {
        "shipmentId": shipment.shipment_id,
        "invoiceDate": invoice_day,
        "invoiceNumber": shipment.invoice_number,
        "orderItems": items,
    }


def return_wire(record: Return, seller: SellerAccount) -> dict:
    """Return the return item object of the returns API."""
    shipment = record.shipment
    item = record.item
    return {
        "returnId": record.return_id,
        "orderItemId": item.order_item_id,
        "orderId": shipment.order.order_id,
        "shipmentId": shipment.shipment_id,
        "locationId": shipment.location_id,
        "sellerId": seller.seller_id,
        "quantity": item.quantity,
        "orderDate": iso(shipment.order_date),
        "createdDate": iso(record.created_at),
        "updatedDate": iso(record.updated_at),
        "approvedOn": iso(record.created_at),
        "expectedDate": iso(record.expected_at),
        "completionDate": iso_or_none(record.completed_at),
        "status": record.status,
        "type": record.source,
        "source": record.source,
        "action": "refund" if record.source == "customer_return" else "return_to_seller",
        "reason": record.reason,
        "subReason": record.sub_reason,
        "courierName": record.courier_name,
        "trackingId": record.tracking_id,
        "shipmentStatus": record.shipment_status,
        "comments": None,
        "serviceProfile": SERVICE_PROFILE,
        "services": [],
        "productId": item.product.fsn,
        "listingId": item.product.listing_id,
        "replacementOrderItemId": None,
    }


def shipping_fees(product: Product) -> dict:
    """Return the shipping charge per zone that a listing adds for buyers (cheap items only)."""
    cheap = product.selling_price < CHEAP_ITEM_LIMIT
    fees = {zone: (fee if cheap else 0) for zone, fee in SHIPPING_FEES.items()}
    return {**fees, "currency": "INR"}


def listing_wire(product: Product, location_ids: tuple[str, ...]) -> dict:
    """Return the listing object (snake_case) with prices, tax, fulfilment and stock."""
    length, breadth, height = product.size_cm
    return {
        "listing_id": product.listing_id,
        "product_id": product.fsn,
        "product_title": product.title,
        "price": {
            "mrp": product.mrp,
            "selling_price": product.selling_price,
            "currency": "INR",
        },
        "tax": {
            "hsn": product.kind.hsn,
            "is_gst_sellable": True,
            "goods_services_rate": product.gst_rate(),
            "tax_code": tax_code(product.kind),
            "luxury_cess_percentage": 0,
        },
        "listing_status": product.listing_status,
        "shipping_fees": shipping_fees(product),
        "fulfillment_profile": "NON_FBF",
        "fulfillment": {
            "dispatch_sla": product.dispatch_sla,
            "shipping_provider": "FLIPKART",
            "procurement_type": "REGULAR",
            "region_restriction": "none",
        },
        "packages": [
            {
                "id": product.package_id(),
                "name": product.kind.noun,
                "dimensions": {"length": length, "breadth": breadth, "height": height},
                "weight": round(product.weight_g / 1000.0, 3),
                "notional_value": {"amount": 0, "unit": "INR"},
                "description": product.title,
                "handling": {"fragile": product.kind.code == "LMP"},
            }
        ],
        "locations": [
            {
                "id": location_id,
                "status": "ENABLED" if product.location_enabled.get(location_id) else "DISABLED",
                "inventory": product.stock.get(location_id, 0),
                "pending_inventory": 0,
            }
            for location_id in location_ids
        ],
        "archived_status": "NONE",
    }
