"""ABC classes by revenue and trend labels from two sales windows."""

from decimal import Decimal

# A: the SKUs that together make the first 80 % of revenue, B the next 15 %, C the rest.
ABC_A_SHARE = Decimal("0.80")
ABC_B_SHARE = Decimal("0.95")

# A SKU is rising when its recent window sold at least 25 % more units than the window
# before, falling when it sold at least 20 % fewer (the same ratio, inverted).
TREND_RISING_RATIO = 1.25
TREND_FALLING_RATIO = 0.8
# Below this many units in both windows together the ratio is noise, so the label is steady.
TREND_MIN_UNITS = 10


def abc_classes(revenue_by_sku: dict[str, Decimal]) -> dict[str, str]:
    """Return each SKU's ABC class from its revenue.

    SKUs are taken by revenue, highest first (ties by SKU). A SKU's class depends on the share
    of revenue ranked above it: below 80 % it is A, so the SKU that crosses 80 % is still A
    and a SKU with 85 % of revenue alone is A. Below 95 % it is B, and otherwise C. SKUs
    without revenue are C.
    """
    for sku, revenue in revenue_by_sku.items():
        if revenue < 0:
            raise ValueError(f"SKU {sku!r} has negative revenue {revenue}; pass sales revenue.")

    total = sum(revenue_by_sku.values(), Decimal(0))
    ranked = sorted(revenue_by_sku.items(), key=lambda entry: (-entry[1], entry[0]))
    classes = {}
    revenue_above = Decimal(0)
    for sku, revenue in ranked:
        if revenue == 0:
            classes[sku] = "C"
            continue
        share_above = revenue_above / total
        if share_above < ABC_A_SHARE:
            classes[sku] = "A"
        elif share_above < ABC_B_SHARE:
            classes[sku] = "B"
        else:
            classes[sku] = "C"
        revenue_above += revenue
    return classes


def trend_label(recent_units: int, previous_units: int) -> str:
    """Return rising, falling or steady from units sold in two equal windows, recent last."""
    if recent_units < 0 or previous_units < 0:
        raise ValueError(
            f"unit counts must not be negative, got recent {recent_units}, "
            f"previous {previous_units}"
        )
    if recent_units + previous_units < TREND_MIN_UNITS:
        return "steady"
    if recent_units >= TREND_RISING_RATIO * previous_units:
        return "rising"
    if recent_units <= TREND_FALLING_RATIO * previous_units:
        return "falling"
    return "steady"
