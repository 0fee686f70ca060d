"""Model version records: what was trained, on which window, with which settings and results.

Every model entry point returns a `ModelVersion` beside its output. The pipeline writes these
records to `ml.model_versions` and tags every output row with `version`, so a score can be
traced to the exact training run that produced it.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

VERSION_HEX_LENGTH = 12


@dataclass(frozen=True)
class ModelVersion:
    """One trained (or fitted) model: its identity, training window, inputs and scores.

    `params` and `metrics` are plain mappings of JSON-compatible values. Metrics may be NaN
    when a metric is undefined (for example ROC-AUC on a window with one class).
    """

    name: str
    version: str
    kind: str
    trained_at: datetime
    window_start: datetime
    window_end: datetime
    features: tuple[str, ...]
    params: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    rows: int = 0

    def __post_init__(self) -> None:
        for label, value in (
            ("trained_at", self.trained_at),
            ("window_start", self.window_start),
            ("window_end", self.window_end),
        ):
            if value.tzinfo is None:
                raise ValueError(
                    f"ModelVersion {self.name!r}: {label}={value.isoformat()} has no time zone; "
                    "pass an aware datetime (UTC)."
                )
        if self.window_start > self.window_end:
            raise ValueError(
                f"ModelVersion {self.name!r}: window_start {self.window_start.isoformat()} is "
                f"after window_end {self.window_end.isoformat()}; swap them."
            )
        if not isinstance(self.features, tuple):
            raise TypeError(
                f"ModelVersion {self.name!r}: features must be a tuple of column names, "
                f"got {type(self.features).__name__}."
            )
        if self.rows < 0:
            raise ValueError(f"ModelVersion {self.name!r}: rows={self.rows} is negative.")

    def params_json(self) -> str:
        """Serialize `params` as canonical JSON (sorted keys) for storage."""
        return canonical_json(self.params)

    def metrics_json(self) -> str:
        """Serialize `metrics` as canonical JSON; NaN and infinity become null."""
        return canonical_json(self.metrics)


def model_version(
    name: str,
    window_start: datetime,
    window_end: datetime,
    features: Iterable[str],
    params: Mapping[str, Any],
    seed: int | None,
) -> str:
    """Return the version id: the first 12 hex digits of a SHA-256 over the training identity.

    The same name, window, feature list (order matters), params and seed always give the same
    id, so retraining on unchanged data reuses the version and its artifact path.
    """
    for label, value in (("window_start", window_start), ("window_end", window_end)):
        if value.tzinfo is None:
            raise ValueError(
                f"model_version({name!r}): {label}={value.isoformat()} has no time zone; "
                "pass an aware datetime (UTC)."
            )

    identity = {
        "name": name,
        "window_start": _utc_iso(window_start),
        "window_end": _utc_iso(window_end),
        "features": list(features),
        "params": params,
        "seed": seed,
    }
    digest = hashlib.sha256(canonical_json(identity).encode("utf-8")).hexdigest()
    return digest[:VERSION_HEX_LENGTH]


def canonical_json(value: Any) -> str:
    """Serialize `value` as JSON with sorted keys and no spaces, so equal values hash equally."""
    return json.dumps(_jsonable(value), sort_keys=True, separators=(",", ":"))


def _utc_iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime):
        return _utc_iso(value) if value.tzinfo is not None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and callable(value.item):
        # numpy scalars (from LightGBM or scikit-learn metrics) become Python numbers.
        return _jsonable(value.item())
    return value
