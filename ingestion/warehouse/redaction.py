"""Strip buyer personal data from shipment details before they are landed in the warehouse.

The warehouse keeps a buyer's region only: city, state, state code and pincode of the delivery
address. Names, address lines, landmarks and phone numbers stay in the operational store,
which needs them for invoices and labels.
"""

from __future__ import annotations

import json
from typing import Any

from ingestion.client.records.details import ShipmentDetails
from ingestion.client.redact import is_personal_key

# Wire keys of the address fields kept; any other field of an address is dropped.
KEPT_ADDRESS_FIELDS = ("city", "state", "stateCode", "pinCode")
# Objects about the buyer as a person, dropped whole.
DROPPED_OBJECTS = frozenset({"buyerDetails", "billingAddress"})
# Addresses reduced to their region: the buyer's, and the seller's return address, which
# carries a contact name and number.
REDUCED_ADDRESSES = ("deliveryAddress", "returnAddress")


def redacted_details(details: ShipmentDetails) -> dict[str, Any]:
    """Return the wire form of `details` without buyer names, address lines or phone numbers."""
    payload = details.model_dump(mode="json", by_alias=True)

    for key in DROPPED_OBJECTS:
        payload.pop(key, None)
    for key in REDUCED_ADDRESSES:
        address = payload.get(key)
        if isinstance(address, dict):
            payload[key] = {field: address.get(field) for field in KEPT_ADDRESS_FIELDS}

    # Unknown fields Flipkart may add elsewhere (an e-mail or phone number, say) go too.
    return _without_personal_keys(payload)


def redacted_details_json(details: ShipmentDetails) -> str:
    """Return `redacted_details` as compact JSON text, the payload that is landed and hashed."""
    return json.dumps(redacted_details(details), separators=(",", ":"), ensure_ascii=False)


def _without_personal_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_personal_keys(item)
            for key, item in value.items()
            if not is_personal_key(key)
        }
    if isinstance(value, list):
        return [_without_personal_keys(item) for item in value]
    return value
