"""Generate docs/pipeline.md: the asset graph from the Definitions, the schema from dbt.

    python -m orchestration.docs > docs/pipeline.md

The graph comes from the loaded code location and the schema from the dbt manifest's column
declarations (the marts' enforced contracts), so neither needs a built warehouse.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import dagster as dg

from ingestion.warehouse.ml_tables import ML_TABLES
from orchestration.defs.warehouse.project import prepare_manifest
from orchestration.runner import load_definitions

INTRODUCTION = Path(__file__).with_name("pipeline_intro.md")
DOCUMENTED_SCHEMAS = ("marts",)


def node_id(key: dg.AssetKey) -> str:
    return "_".join(key.path).replace("-", "_")


def asset_graph_mermaid(definitions: dg.Definitions) -> str:
    """Return a Mermaid flowchart of every asset, one subgraph per group, edges upstream first."""
    graph = definitions.resolve_asset_graph()
    keys = sorted(graph.get_all_asset_keys(), key=lambda key: key.path)
    groups: dict[str, list[dg.AssetKey]] = defaultdict(list)
    for key in keys:
        groups[graph.get(key).group_name or "default"].append(key)

    lines = ["```mermaid", "flowchart LR"]
    for group in sorted(groups):
        lines.append(f"  subgraph {group}")
        lines += [f'    {node_id(key)}["{key.to_user_string()}"]' for key in groups[group]]
        lines.append("  end")
    for key in keys:
        for parent in sorted(graph.get(key).parent_keys, key=lambda parent: parent.path):
            lines.append(f"  {node_id(parent)} --> {node_id(key)}")
    lines.append("```")
    return "\n".join(lines)


def schema_markdown(manifest_path: Path) -> str:
    """Return one table per documented model: column, type, description."""
    manifest = json.loads(manifest_path.read_text())
    models = sorted(
        (node for node in manifest["nodes"].values() if node["resource_type"] == "model"),
        key=lambda node: (node["schema"], node["name"]),
    )
    sections = []
    for model in models:
        if model["schema"] not in DOCUMENTED_SCHEMAS:
            continue
        lines = [f"### `{model['schema']}.{model['name']}`", ""]
        if model.get("description"):
            lines += [" ".join(model["description"].split()), ""]
        lines += ["| column | type | description |", "|---|---|---|"]
        for column in model["columns"].values():
            description = " ".join((column.get("description") or "").split()).replace("|", "\\|")
            lines.append(
                f"| `{column['name']}` | {column.get('data_type') or ''} | {description} |"
            )
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def ml_schema_markdown() -> str:
    """Return one table per table of schema `ml`: each column and its DuckDB type."""
    sections = []
    for table in ML_TABLES:
        lines = [f"### `{table.qualified_name}`", "", "| column | type |", "|---|---|"]
        lines += [f"| `{name}` | {kind.lower()} |" for name, kind in table.columns]
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def render() -> str:
    """Return the whole page."""
    manifest_path = prepare_manifest()
    parts = [
        INTRODUCTION.read_text().rstrip(),
        "## Asset graph",
        "Generated from the Definitions of `orchestration/definitions.py`.",
        asset_graph_mermaid(load_definitions()),
        "## Warehouse schema",
        "Generated from the dbt manifest: the columns and types each mart's contract enforces.",
        schema_markdown(manifest_path),
        "## Model output schema",
        "Generated from `ingestion/warehouse/ml_tables.py`: the tables of schema `ml`, which the "
        "intelligence assets replace per account on every run.",
        ml_schema_markdown(),
    ]
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
