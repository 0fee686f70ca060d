"""Listing writes: inventory per location and price, validated and reported per SKU."""

from .world import SellerWorld

LOCATION_STATUSES = ("ENABLED", "DISABLED")

# Flipkart publishes no listing error codes, so these numbers are the sandbox's own.
ERROR_PRODUCT_ID = 4001
ERROR_LOCATIONS = 4002
ERROR_INVENTORY = 4003
ERROR_PRICE = 4004
ERROR_UNKNOWN_SKU = 4040
WARNING_PRICE_JUMP = 2001
PRICE_JUMP_SHARE = 0.4  # a selling-price change above 40 % succeeds with a WARNING


def _write_result(errors: list[dict], warnings: list[dict] | None = None) -> dict:
    if errors:
        return {"status": "FAILURE", "errors": errors, "attribute_errors": []}
    if warnings:
        return {"status": "WARNING", "errors": warnings, "attribute_errors": []}
    return {"status": "SUCCESS", "errors": [], "attribute_errors": []}


def _error(code: int, description: str, path: str, severity: str = "ERROR") -> dict:
    return {"severity": severity, "code": code, "description": description, "path": path}


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _check_product(world: SellerWorld, sku: str, payload) -> tuple:
    product = world.product_by_sku.get(sku)
    if product is None:
        return None, [_error(ERROR_UNKNOWN_SKU, f"SKU {sku!r} is not listed by this seller", "sku")]
    if not isinstance(payload, dict):
        return None, [_error(ERROR_PRODUCT_ID, f"the body for SKU {sku} must be an object", "")]
    if payload.get("product_id") != product.fsn:
        return None, [
            _error(
                ERROR_PRODUCT_ID,
                f"product_id {payload.get('product_id')!r} does not match the FSN {product.fsn} "
                f"of SKU {sku}",
                "product_id",
            )
        ]
    return product, []


def update_inventory(world: SellerWorld, sku: str, payload) -> dict:
    """Validate and apply one SKU's inventory update, changing nothing unless all of it is valid."""
    product, errors = _check_product(world, sku, payload)
    if errors:
        return _write_result(errors)
    locations = payload.get("locations")
    if not isinstance(locations, list) or not locations:
        return _write_result(
            [_error(ERROR_LOCATIONS, "locations must be a non-empty list", "locations")]
        )

    changes = []
    for position, entry in enumerate(locations):
        path = f"locations[{position}]"
        if not isinstance(entry, dict) or entry.get("id") not in world.account.location_ids:
            location_id = entry.get("id") if isinstance(entry, dict) else entry
            errors.append(
                _error(
                    ERROR_LOCATIONS,
                    f"location {location_id!r} is not one of the seller's locations",
                    f"{path}.id",
                )
            )
            continue
        inventory = _whole_number(entry.get("inventory"))
        if inventory is None or inventory < 0:
            errors.append(
                _error(
                    ERROR_INVENTORY,
                    f"inventory {entry.get('inventory')!r} must be a whole number >= 0",
                    f"{path}.inventory",
                )
            )
            continue
        status = entry.get("status", "ENABLED")
        if status not in LOCATION_STATUSES:
            errors.append(
                _error(
                    ERROR_LOCATIONS,
                    f"status {status!r} must be ENABLED or DISABLED",
                    f"{path}.status",
                )
            )
            continue
        changes.append((entry["id"], inventory, status == "ENABLED"))
    if errors:
        return _write_result(errors)

    for location_id, inventory, enabled in changes:
        product.stock[location_id] = inventory
        product.location_enabled[location_id] = enabled
    return _write_result([])


def update_price(world: SellerWorld, sku: str, payload) -> dict:
    """Validate and apply one SKU's price update (whole rupees, selling_price <= mrp)."""
    product, errors = _check_product(world, sku, payload)
    if errors:
        return _write_result(errors)
    price = payload.get("price")
    if not isinstance(price, dict):
        return _write_result([_error(ERROR_PRICE, "price must be an object", "price")])
    selling = _whole_number(price.get("selling_price"))
    mrp = _whole_number(price.get("mrp", product.mrp))
    if selling is None or selling <= 0:
        errors.append(
            _error(
                ERROR_PRICE,
                f"selling_price {price.get('selling_price')!r} must be "
                "a positive whole number of rupees",
                "price.selling_price",
            )
        )
    if mrp is None or mrp <= 0:
        errors.append(
            _error(
                ERROR_PRICE,
                f"mrp {price.get('mrp')!r} must be a positive whole number of rupees",
                "price.mrp",
            )
        )
    if not errors and selling > mrp:
        errors.append(
            _error(ERROR_PRICE, f"selling_price {selling} exceeds mrp {mrp}", "price.selling_price")
        )
    if price.get("currency", "INR") != "INR":
        errors.append(
            _error(ERROR_PRICE, f"currency {price.get('currency')!r} must be INR", "price.currency")
        )
    if errors:
        return _write_result(errors)

    warnings = []
    if abs(selling - product.selling_price) > PRICE_JUMP_SHARE * product.selling_price:
        warnings.append(
            _error(
                WARNING_PRICE_JUMP,
                f"selling_price moved from {product.selling_price} to {selling}, more than 40 %",
                "price.selling_price",
                severity="WARNING",
            )
        )
    product.selling_price = selling
    product.mrp = mrp
    return _write_result([], warnings)
