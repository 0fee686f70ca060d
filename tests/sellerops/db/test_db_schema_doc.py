from pathlib import Path

from sellerops.db.schema_doc import render_schema

SCHEMA_PAGE = Path(__file__).resolve().parents[3] / "docs" / "schema.md"


def test_schema_page_current():
    assert SCHEMA_PAGE.read_text(encoding="utf-8") == render_schema(), (
        "docs/schema.md is stale; run `python -m sellerops.db.schema_doc > docs/schema.md`."
    )


def test_schema_page_has_diagram():
    assert "erDiagram" in render_schema()
