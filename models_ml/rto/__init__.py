"""RTO risk: a calibrated LightGBM model of return to origin, or a baseline on thin history."""

from models_ml.rto.config import BoosterParams, RtoConfig
from models_ml.rto.pipeline import RtoResult, run_rto
from models_ml.rto.scoring import score_open_items, sku_rto_rates
from models_ml.rto.training import RtoTraining, train_rto

__all__ = [
    "BoosterParams",
    "RtoConfig",
    "RtoResult",
    "RtoTraining",
    "run_rto",
    "score_open_items",
    "sku_rto_rates",
    "train_rto",
]
