"""Confidence intervals for a late rate and for the difference of two late rates.

Wilson score intervals stay inside 0..1 and behave at rates near 0 or 1, where the normal
approximation fails. The difference uses Newcombe's hybrid score method (method 10 in
Newcombe, "Interval estimation for the difference between independent proportions",
Statistics in Medicine 17, 1998), which combines the two Wilson intervals.
"""

import math
from statistics import NormalDist


def z_value(confidence: float, tests: int = 1) -> float:
    """Return the two-sided normal quantile for `confidence`, Bonferroni-adjusted for `tests`.

    With many values tested at once, some would clear an unadjusted 95 % interval by chance
    alone. Dividing the error rate by the number of tests keeps the chance of any false
    finding at most 1 - confidence.
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), got {confidence}")
    if tests < 1:
        raise ValueError(f"tests must be at least 1, got {tests}")
    alpha = (1.0 - confidence) / tests
    return NormalDist().inv_cdf(1.0 - alpha / 2.0)


def wilson_interval(successes: int, trials: int, z: float) -> tuple[float, float]:
    """Return the Wilson score interval (low, high) of successes / trials."""
    if trials <= 0:
        raise ValueError(f"trials must be positive, got {trials}")
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must be within 0..{trials}, got {successes}")

    rate = successes / trials
    z_squared = z * z
    denominator = 1.0 + z_squared / trials
    centre = (rate + z_squared / (2.0 * trials)) / denominator
    half_width = (
        z * math.sqrt(rate * (1.0 - rate) / trials + z_squared / (4.0 * trials * trials))
    ) / denominator
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


def newcombe_interval(
    late: int, orders: int, rest_late: int, rest_orders: int, z: float
) -> tuple[float, float]:
    """Return the interval (low, high) of late/orders - rest_late/rest_orders.

    Newcombe's hybrid score interval: each side adds the two rates' Wilson distances in
    quadrature, taking the distance on the side that moves the difference that way.
    """
    rate = late / orders
    rest_rate = rest_late / rest_orders
    low_1, high_1 = wilson_interval(late, orders, z)
    low_2, high_2 = wilson_interval(rest_late, rest_orders, z)

    difference = rate - rest_rate
    low = difference - math.sqrt((rate - low_1) ** 2 + (high_2 - rest_rate) ** 2)
    high = difference + math.sqrt((high_1 - rate) ** 2 + (rest_rate - low_2) ** 2)
    return low, high
