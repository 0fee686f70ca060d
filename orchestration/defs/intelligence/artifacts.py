"""Trained model files: `<data_dir>/models/<tenant>/<account>/<model>/<version>/`.

The folder of a version holds what is needed to score again without retraining: the LightGBM
model text and its calibration, or the baseline's rate tables.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from models_ml.rto.training import RtoTraining

MODELS_DIR = "models"
BOOSTER_FILE = "model.txt"
CALIBRATION_FILE = "calibration.json"
BASELINE_FILE = "baseline.json"
# Tenant slugs, account ids, model names and version hashes all have this form; anything else
# (a slash, "..") could leave the models folder.
_PATH_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def artifact_dir(
    data_dir: Path | str, tenant_slug: str, account_id: str, model_name: str, version: str
) -> Path:
    """Return the folder of one account's model version; each path part is checked."""
    parts = {
        "tenant slug": tenant_slug,
        "account id": account_id,
        "model name": model_name,
        "model version": version,
    }
    for label, value in parts.items():
        if not _PATH_PART.match(value) or ".." in value:
            raise ValueError(
                f"Invalid {label} {value!r} for a model folder; use letters, digits, '_', '.' "
                "or '-', starting with a letter or digit."
            )
    return Path(data_dir) / MODELS_DIR / tenant_slug / account_id / model_name / version


def rto_artifact_files(training: RtoTraining) -> dict[str, str]:
    """Return the files that describe a trained RTO scorer, by file name."""
    if training.model is not None:
        model = training.model
        return {
            BOOSTER_FILE: model.booster.model_to_string(),
            CALIBRATION_FILE: _json(
                {"method": model.method, **_calibration_parameters(model.calibrator)}
            ),
        }
    rates = training.rates
    if rates is None:
        raise ValueError(f"RTO training {training.version.version} has neither model nor rates.")
    return {
        BASELINE_FILE: _json(
            {
                "payment_rates": rates.payment_rates.to_dicts(),
                "state_rates": rates.state_rates.to_dicts(),
                "labelled_items": rates.labelled_items,
            }
        )
    }


def save_artifacts(directory: Path, files: Mapping[str, str]) -> int:
    """Write each file into `directory` atomically (a reader never sees half a file).

    Returns the bytes written.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, text in files.items():
        data = text.encode("utf-8")
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, directory / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written += len(data)
    return written


def _calibration_parameters(calibrator: object) -> dict[str, object]:
    # Platt scaling (LogisticRegression on the logit) or IsotonicRegression, from scikit-learn.
    if hasattr(calibrator, "coef_"):
        return {
            "coefficient": float(calibrator.coef_[0][0]),
            "intercept": float(calibrator.intercept_[0]),
        }
    return {
        "thresholds_x": [float(value) for value in calibrator.X_thresholds_],
        "thresholds_y": [float(value) for value in calibrator.y_thresholds_],
    }


def _json(value: object) -> str:
    return json.dumps(value, indent=2, sort_keys=True, default=str) + "\n"
