"""Dispatch-delay patterns: the weekdays, hours, SKUs, locations and sizes behind late dispatch."""

from models_ml.delays.findings import (
    FINDING_SCHEMA,
    DelayFindings,
    DelaySettings,
    find_delay_patterns,
)
from models_ml.delays.shipments import judged_shipments

__all__ = [
    "FINDING_SCHEMA",
    "DelayFindings",
    "DelaySettings",
    "find_delay_patterns",
    "judged_shipments",
]
