"""docs/pipeline.md is what `python -m orchestration.docs` generates now."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.docs import render

pytestmark = pytest.mark.xdist_group("orchestration")

PAGE = Path(__file__).resolve().parents[2] / "docs" / "pipeline.md"


def test_pipeline_doc_is_current() -> None:
    assert PAGE.read_text() == render(), (
        "docs/pipeline.md is stale; run `.venv/bin/python -m orchestration.docs > "
        "docs/pipeline.md`."
    )
