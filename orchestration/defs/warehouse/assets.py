"""The dbt project as assets for one account's tenant, then the publish of its dashboard copy."""

from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from ingestion.warehouse.publish import publish
from orchestration.defs.events.jobs import is_notification_run
from orchestration.defs.intelligence.keys import INTELLIGENCE_KEYS
from orchestration.defs.sync.partitions import parse_partition_key, seller_accounts
from orchestration.defs.sync.resources import WarehouseResource
from orchestration.defs.warehouse.project import (
    WAREHOUSE_GROUP,
    SellerOpsTranslator,
    prepare_manifest,
    sellerops_project,
    warehouse_environment,
)
from orchestration.pools import WAREHOUSE_POOL

DBT_TARGET_DIR = "dbt-target"


@dbt_assets(
    manifest=prepare_manifest(),
    project=sellerops_project,
    dagster_dbt_translator=SellerOpsTranslator(),
    partitions_def=seller_accounts,
    pool=WAREHOUSE_POOL,
    name="warehouse_dbt",
)
def warehouse_dbt(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """Build and test the tenant's staging, intermediate and mart models with `dbt build`.

    A run that a notification started skips the dbt unit tests: they test the SQL against
    fixed rows, not the tenant's data, and every scheduled run still runs them.
    """
    partition = parse_partition_key(context.partition_key)
    arguments = ["build"]
    if is_notification_run(context.run.tags):
        arguments += ["--exclude-resource-type", "unit_test"]

    with warehouse.exclusive(partition.tenant_slug) as path, warehouse_environment(path):
        command = " ".join(arguments)
        context.log.info("Partition %s: dbt %s on %s", partition.key, command, path.name)
        target = _target_path(path)
        yield from dbt.cli(arguments, context=context, target_path=target).stream()


def _target_path(warehouse_file: Path) -> Path:
    """Return the dbt target folder of one tenant's warehouse, the same for each of its runs.

    dbt reparses the whole project when the profile differs from the one its saved parse state
    was made with, and the profile contains the warehouse path. A folder per tenant keeps that
    state, so later runs parse only changed files. The tenant's write lock, held around each
    dbt call, keeps two runs from sharing the folder at once.
    """
    return warehouse_file.parent / DBT_TARGET_DIR / warehouse_file.stem


@dg.asset(
    deps=[warehouse_dbt, *INTELLIGENCE_KEYS],
    partitions_def=seller_accounts,
    pool=WAREHOUSE_POOL,
    group_name=WAREHOUSE_GROUP,
    kinds={"duckdb"},
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Read-only copy of the tenant's warehouse that the dashboard opens, swapped in atomically."""
    partition = parse_partition_key(context.partition_key)
    paths = warehouse.paths(partition.tenant_slug)

    with warehouse.exclusive(partition.tenant_slug):
        result = publish(paths.working, paths.published, paths.version, run_id=context.run.run_id)

    context.log.info("Partition %s: published version %s", partition.key, result.version)
    return dg.MaterializeResult(metadata={"version": result.version, "path": str(paths.published)})
