"""The RTO risk assets of one seller account: the model, its item scores and its SKU rates."""

import dagster as dg
import polars as pl

from ingestion.warehouse.ml_tables import RTO_ITEM_SCORES, SKU_RTO_RATES
from models_ml.frames import order_item_frame
from models_ml.rto.scoring import score_open_items, sku_rto_rates
from models_ml.rto.training import MODEL_NAME as RTO_MODEL_NAME
from models_ml.rto.training import train_rto
from orchestration.defs.intelligence.artifacts import (
    artifact_dir,
    rto_artifact_files,
    save_artifacts,
)
from orchestration.defs.intelligence.config import ModelConfig
from orchestration.defs.intelligence.keys import (
    INTELLIGENCE_GROUP,
    RTO_MODEL_KEY,
    RTO_SCORES_KEY,
    SKU_RTO_RATES_KEY,
    mart_key,
)
from orchestration.defs.intelligence.outputs import (
    read_as_of,
    skip_without_data,
    version_metadata,
    write_output,
)
from orchestration.defs.sync.partitions import parse_partition_key, seller_accounts
from orchestration.defs.sync.resources import WarehouseResource
from orchestration.pools import WAREHOUSE_POOL


def rto_specs() -> list[dg.AssetSpec]:
    # A function, because the defs loader would take module-level specs as external assets.
    return [
        dg.AssetSpec(
            RTO_MODEL_KEY,
            deps=[mart_key("order_items"), mart_key("sla_shipments")],
            group_name=INTELLIGENCE_GROUP,
            kinds={"lightgbm"},
            description=(
                "RTO risk model of the account: LightGBM on pre-dispatch features, calibrated, or "
                "the payment-and-state baseline when labelled orders are too few."
            ),
        ),
        dg.AssetSpec(
            RTO_SCORES_KEY,
            deps=[RTO_MODEL_KEY],
            group_name=INTELLIGENCE_GROUP,
            kinds={"duckdb"},
            description="RTO probability of every open order item, from features at order time.",
        ),
        dg.AssetSpec(
            SKU_RTO_RATES_KEY,
            deps=[RTO_MODEL_KEY],
            group_name=INTELLIGENCE_GROUP,
            kinds={"duckdb"},
            description="Each SKU's predicted RTO rate with an interval, ranked highest first.",
        ),
    ]


@dg.multi_asset(
    name="rto_model",
    specs=rto_specs(),
    partitions_def=seller_accounts,
    pool=WAREHOUSE_POOL,
)
def rto_model(context: dg.AssetExecutionContext, config: ModelConfig, warehouse: WarehouseResource):
    """Train the account's RTO model, save it, then score open items and SKUs with it.

    One step does all three so the scores always come from the model version just recorded.
    """
    partition = parse_partition_key(context.partition_key)

    with warehouse.writer(partition.tenant_slug) as connection:
        as_of = read_as_of(connection, partition.account_id)
        if as_of is None:
            for key, table in (
                (RTO_MODEL_KEY, None),
                (RTO_SCORES_KEY, RTO_ITEM_SCORES.name),
                (SKU_RTO_RATES_KEY, SKU_RTO_RATES.name),
            ):
                skipped = skip_without_data(context, connection, partition, table)
                yield dg.MaterializeResult(asset_key=key, metadata=skipped.metadata)
            return

        items = order_item_frame(connection, partition.account_id)
        training = train_rto(items, as_of, config.seed)
        version = training.version
        folder = artifact_dir(
            warehouse.root(),
            partition.tenant_slug,
            partition.account_id,
            RTO_MODEL_NAME,
            version.version,
        )
        artifact_bytes = save_artifacts(folder, rto_artifact_files(training))

        scores = score_open_items(training).with_columns(account_id=pl.lit(partition.account_id))
        rates = sku_rto_rates(training)
        scored = write_output(
            connection, partition, RTO_ITEM_SCORES.name, scores, version, artifact=folder
        )
        ranked = write_output(
            connection, partition, SKU_RTO_RATES.name, rates, version, artifact=folder
        )

    context.log.info(
        "Partition %s: %d order items in, %s model %s on %d rows (%s); %d open items scored "
        "to ml.%s, %d SKUs to ml.%s",
        partition.key,
        items.height,
        training.kind,
        version.version,
        version.rows,
        training.reason,
        scored,
        RTO_ITEM_SCORES.name,
        ranked,
        SKU_RTO_RATES.name,
    )
    if training.kind == "baseline":
        context.log.warning(
            "Partition %s: RTO baseline used instead of LightGBM: %s",
            partition.key,
            training.reason,
        )

    yield dg.MaterializeResult(
        asset_key=RTO_MODEL_KEY,
        metadata={
            **version_metadata(version),
            "reason": training.reason,
            "artifact": str(folder),
            "artifact_bytes": artifact_bytes,
        },
    )
    yield dg.MaterializeResult(
        asset_key=RTO_SCORES_KEY,
        metadata={"rows": scored, "model_version": version.version, "model_kind": training.kind},
    )
    yield dg.MaterializeResult(
        asset_key=SKU_RTO_RATES_KEY,
        metadata={"rows": ranked, "model_version": version.version, "model_kind": training.kind},
    )
