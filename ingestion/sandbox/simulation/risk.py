"""True RTO and customer-return probabilities of an order item (the ground truth models learn)."""

import math

from .catalogue import Product
from .geography import STATES, City

# Base log-odds of RTO before the other effects (COD 16 %, prepaid 1.5 %). With state, category,
# zone and price effects a typical seller lands near 25 % for COD and 2 % for prepaid,
# in line with the industry figures of about 26 % COD vs under 2 % prepaid (FY25).
_BASE_LOGIT = {"COD": math.log(0.16 / 0.84), "PREPAID": math.log(0.015 / 0.985)}
_ZONE_LOGIT = {"local": -0.30, "zonal": 0.0, "national": 0.25}
_PRICE_SLOPE = {"COD": 0.30, "PREPAID": 0.10}  # log-odds per e-fold of the order value over Rs 500
_LATE_NIGHT_LOGIT = 0.25  # orders placed between midnight and 5 am
_EXPRESS_LOGIT = -0.15


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def rto_probability(
    *,
    payment_type: str,
    city: City,
    product: Product,
    order_value: float,
    zone: str,
    hour: int,
    tier: str,
) -> float:
    """Return the true probability that the shipment comes back to origin undelivered."""
    logit = _BASE_LOGIT[payment_type]
    logit += STATES[city.state_code].rto_offset
    logit += product.category.rto_offset
    logit += _ZONE_LOGIT[zone]
    logit += _PRICE_SLOPE[payment_type] * math.log(max(order_value, 50.0) / 500.0)
    if hour < 5:
        logit += _LATE_NIGHT_LOGIT
    if tier == "EXPRESS":
        logit += _EXPRESS_LOGIT
    return _sigmoid(logit)


def return_probability(product: Product, unit_price: float, payment_type: str) -> float:
    """Return the true probability that a delivered item is sent back by the buyer."""
    rate = product.category.return_rate * (1.0 + 0.25 * math.log(max(unit_price, 50.0) / 500.0))
    if payment_type == "COD":
        rate *= 1.1
    return min(max(rate, 0.002), 0.4)
