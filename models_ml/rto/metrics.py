"""Quality metrics of RTO probabilities against observed labels."""

from __future__ import annotations

import math

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score


def probability_metrics(labels: np.ndarray, probabilities: np.ndarray) -> dict[str, float]:
    """Return ROC-AUC, PR-AUC (average precision), Brier score and the calibration gap.

    `calibration_gap` is mean predicted probability minus observed RTO rate. ROC-AUC and
    PR-AUC are NaN when the labels hold one class only; every metric is NaN on no rows.
    """
    labels = np.asarray(labels, dtype=np.int8)
    probabilities = np.asarray(probabilities, dtype=np.float64)
    if labels.shape != probabilities.shape:
        raise ValueError(
            f"labels has shape {labels.shape} but probabilities has {probabilities.shape}; "
            "pass one probability per label."
        )

    rows = int(labels.size)
    if rows == 0:
        names = ("roc_auc", "pr_auc", "brier", "mean_predicted", "observed_rate")
        return {**dict.fromkeys(names, math.nan), "calibration_gap": math.nan, "rows": 0}

    both_classes = 0 < labels.sum() < rows
    mean_predicted = float(probabilities.mean())
    observed_rate = float(labels.mean())
    return {
        "roc_auc": float(roc_auc_score(labels, probabilities)) if both_classes else math.nan,
        "pr_auc": (
            float(average_precision_score(labels, probabilities)) if both_classes else math.nan
        ),
        "brier": float(brier_score_loss(labels, probabilities)),
        "mean_predicted": mean_predicted,
        "observed_rate": observed_rate,
        "calibration_gap": mean_predicted - observed_rate,
        "rows": rows,
    }
