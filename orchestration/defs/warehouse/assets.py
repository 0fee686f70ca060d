"""The dbt project as assets for one account's tenant, then the publish of its dashboard copy."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from ingestion.warehouse.publish import publish
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
    """Build and test the tenant's staging, intermediate and mart models with `dbt build`."""
    partition = parse_partition_key(context.partition_key)

    with warehouse.exclusive(partition.tenant_slug) as path, warehouse_environment(path):
        context.log.info("Partition %s: dbt build on %s", partition.key, path.name)
        yield from dbt.cli(["build"], context=context).stream()


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
