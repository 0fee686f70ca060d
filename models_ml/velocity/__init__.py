"""Fast-moving SKUs: sales velocity and trend, ABC classes by revenue, days of stock cover."""

from models_ml.velocity.classes import abc_classes, trend_label
from models_ml.velocity.movers import MOVER_SCHEMA, FastMovers, find_fast_movers

__all__ = ["MOVER_SCHEMA", "FastMovers", "abc_classes", "find_fast_movers", "trend_label"]
