"""The dbt CLI resource of the warehouse domain."""

from __future__ import annotations

from functools import cached_property

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_dbt.compat import DBT_PYTHON_VERSION
from packaging.version import Version

from orchestration.defs.warehouse.project import dbt_executable, sellerops_project


class LocalDbtCliResource(DbtCliResource):
    """The dbt CLI resource, given the version of the dbt-core installed beside this Python.

    DbtCliResource learns the version by running `dbt --version` once per run. That command
    also requests the latest releases from pypi.org, which took about 4 s per run on this
    machine and sends a request to the internet from every pipeline run.
    """

    @cached_property
    def _cli_version(self) -> Version:
        if DBT_PYTHON_VERSION is not None and self.dbt_executable == dbt_executable():
            return DBT_PYTHON_VERSION
        return super()._cli_version


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "dbt": LocalDbtCliResource(
                project_dir=sellerops_project, dbt_executable=dbt_executable()
            )
        }
    )
