"""`dbt parse` builds the manifest without a database, as Dagster does at load time."""

import json
from pathlib import Path

from dbt_runner import run_dbt


def test_parse_needs_no_database_file(tmp_path: Path) -> None:
    """Parsing writes a manifest and never creates the warehouse file."""
    warehouse = tmp_path / "absent" / "warehouse.duckdb"

    run_dbt(["parse"], warehouse, tmp_path / "target")

    assert (tmp_path / "target" / "manifest.json").is_file()
    assert not warehouse.exists()


def test_marts_are_contracted_tables_in_schema_marts(tmp_path: Path) -> None:
    """Every mart is a table in schema `marts` with an enforced contract."""
    run_dbt(["parse"], tmp_path / "warehouse.duckdb", tmp_path / "target")
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())

    marts = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and "/marts/" in f"/{node['path']}"
    ]

    assert len(marts) == 17
    for node in marts:
        assert node["config"]["materialized"] == "table", node["name"]
        assert node["schema"] == "marts", node["name"]
        assert node["config"]["contract"]["enforced"], node["name"]
