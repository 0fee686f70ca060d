"""The Dagster code location that workspace.yaml names loads."""

from pathlib import Path

import yaml

import orchestration.definitions as entry_point

WORKSPACE = Path(__file__).parents[2] / "workspace.yaml"


def test_workspace_names_definitions_module() -> None:
    location = yaml.safe_load(WORKSPACE.read_text())["load_from"][0]["python_module"]
    assert location["module_name"] == entry_point.__name__


def test_definitions_load() -> None:
    definitions = entry_point.defs()
    assert definitions.resolve_all_job_defs() is not None
