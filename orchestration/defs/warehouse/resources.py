"""The dbt CLI resource of the warehouse domain."""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.warehouse.project import dbt_executable, sellerops_project


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "dbt": DbtCliResource(project_dir=sellerops_project, dbt_executable=dbt_executable())
        }
    )
