"""Model version ids and records: deterministic, sensitive to every input, strict on time zones."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from models_ml.registry import ModelVersion, canonical_json, model_version

START = datetime(2026, 10, 1, tzinfo=UTC)
END = datetime(2026, 11, 30, 18, 30, tzinfo=UTC)
FEATURES = ("payment_type", "zone", "unit_price")
PARAMS = {"learning_rate": 0.05, "num_leaves": 15}
IST = timezone(timedelta(hours=5, minutes=30))


def version_of(**changes) -> str:
    arguments = {
        "name": "rto",
        "window_start": START,
        "window_end": END,
        "features": FEATURES,
        "params": PARAMS,
        "seed": 7,
    }
    arguments.update(changes)
    return model_version(**arguments)


def test_version_is_twelve_hex_digits() -> None:
    version = version_of()

    assert len(version) == 12
    assert int(version, 16) >= 0


def test_version_repeats_for_same_inputs() -> None:
    assert version_of() == version_of()


def test_version_ignores_param_order() -> None:
    reordered = {"num_leaves": 15, "learning_rate": 0.05}

    assert version_of(params=reordered) == version_of()


def test_version_same_instant_other_zone() -> None:
    assert version_of(window_end=END.astimezone(IST)) == version_of()


@pytest.mark.parametrize(
    "change",
    [
        {"name": "pricing"},
        {"window_start": START + timedelta(days=1)},
        {"window_end": END - timedelta(seconds=1)},
        {"features": ("zone", "payment_type", "unit_price")},
        {"features": FEATURES[:2]},
        {"params": {**PARAMS, "num_leaves": 31}},
        {"seed": 8},
        {"seed": None},
    ],
    ids=lambda change: next(iter(change)),
)
def test_version_changes_with_input(change) -> None:
    assert version_of(**change) != version_of()


def test_version_rejects_naive_window() -> None:
    with pytest.raises(ValueError, match=r"window_start=2026-10-01T00:00:00 has no time zone"):
        version_of(window_start=START.replace(tzinfo=None))


def test_canonical_json_sorts_and_converts() -> None:
    text = canonical_json(
        {
            "b": Decimal("12.50"),
            "a": float("nan"),
            "c": (1, 2),
            "d": datetime(2026, 1, 1, tzinfo=IST),
        }
    )

    assert text == '{"a":null,"b":"12.50","c":[1,2],"d":"2025-12-31T18:30:00+00:00"}'


def record(**changes) -> ModelVersion:
    fields = {
        "name": "rto",
        "version": version_of(),
        "kind": "lightgbm",
        "trained_at": END,
        "window_start": START,
        "window_end": END,
        "features": FEATURES,
        "params": PARAMS,
        "metrics": {"roc_auc": 0.81, "brier": float("inf")},
        "rows": 1200,
    }
    fields.update(changes)
    return ModelVersion(**fields)


def test_record_serializes_metrics() -> None:
    assert json.loads(record().metrics_json()) == {"brier": None, "roc_auc": 0.81}


def test_record_is_frozen() -> None:
    with pytest.raises(AttributeError):
        record().rows = 5


def test_record_rejects_naive_trained_at() -> None:
    with pytest.raises(ValueError, match=r"trained_at=.* has no time zone"):
        record(trained_at=END.replace(tzinfo=None))


def test_record_rejects_reversed_window() -> None:
    with pytest.raises(ValueError, match="is after window_end"):
        record(window_start=END, window_end=START)


def test_record_rejects_feature_list() -> None:
    with pytest.raises(TypeError, match="features must be a tuple"):
        record(features=list(FEATURES))


def test_record_rejects_negative_rows() -> None:
    with pytest.raises(ValueError, match="rows=-1 is negative"):
        record(rows=-1)
