"""The intelligence assets in the real graph for a sandbox account with months of history.

The shared `built` warehouse has three weeks of orders, too few for the LightGBM model and the
price model. This module therefore syncs its own sandbox seller (same store, data dir and
instance) with enough history for every model to write rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
import lightgbm
import polars as pl
import pytest

from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.ml_tables import ML_TABLES, OUTPUT_TABLES
from ingestion.warehouse.paths import warehouse_paths
from orchestration.defs.intelligence.artifacts import BOOSTER_FILE, CALIBRATION_FILE
from orchestration.defs.intelligence.config import DEFAULT_SEED
from orchestration.defs.intelligence.keys import (
    INTELLIGENCE_GROUP,
    RTO_MODEL_KEY,
    RTO_SCORES_KEY,
    SKU_RTO_RATES_KEY,
)
from orchestration.defs.sync.partitions import AccountPartition
from orchestration.runner import AccountRun, load_definitions
from orchestration.sandbox_tenant import provision_sandbox_tenant

pytestmark = pytest.mark.xdist_group("orchestration")

# Two months at 80 orders a day give the RTO model well over its minimum of labelled orders.
# They also give some SKUs the price changes the price model needs. One weekday's orders are
# dispatched late, so the delay model has a finding.
SANDBOX = {
    "seed": 23,
    "sellers": 1,
    "history_days": 60,
    "orders_per_day": 80.0,
    "speed": 0,
    "late_weekday": 2,
}
TENANT = "intelligence"
INTELLIGENCE_STEPS = {
    "rto_model",
    "ml__price_suggestions",
    "ml__delay_findings",
    "ml__fast_movers",
}
RTO_KEYS = (RTO_MODEL_KEY, RTO_SCORES_KEY, SKU_RTO_RATES_KEY)


@dataclass(frozen=True)
class IntelligenceRun:
    partition: AccountPartition
    run: AccountRun
    published: Path
    working: Path


@pytest.fixture(scope="module")
def intelligence(pipeline) -> Iterator[IntelligenceRun]:
    with SandboxServer(**SANDBOX) as server:
        partition = provision(pipeline, server)
        run = pipeline.run(partition)
        paths = warehouse_paths(pipeline.data_dir, TENANT)
        yield IntelligenceRun(partition, run, paths.published, paths.working)


def provision(pipeline, server: SandboxServer) -> AccountPartition:
    (partition,) = provision_sandbox_tenant(pipeline.store, server, slug=TENANT)
    return partition


def read(path: Path, query: str, parameters: list | None = None) -> pl.DataFrame:
    connection = open_warehouse(path, read_only=True)
    try:
        return connection.sql(query, params=parameters or []).pl()
    finally:
        connection.close()


def count(path: Path, table: str, account_id: str) -> int:
    frame = read(path, f"select count(*) as n from ml.{table} where account_id = ?", [account_id])  # noqa: S608
    return frame["n"][0]


def rto_materialization(pipeline, partition: AccountPartition) -> dg.AssetMaterialization:
    """Return the partition's first ml/rto_model materialization: the graph run's."""
    records = pipeline.instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=RTO_MODEL_KEY, asset_partitions=[partition.key]),
        limit=1,
        ascending=True,
    ).records
    assert records, f"no ml/rto_model materialization for {partition.key}"
    return records[0].asset_materialization


def test_graph_run_succeeds(intelligence) -> None:
    assert intelligence.run.success, intelligence.run.problems


def test_intelligence_steps_ran(intelligence) -> None:
    assert set(intelligence.run.step_seconds) >= INTELLIGENCE_STEPS


def test_publish_ran_after_models(intelligence) -> None:
    steps = [summary.step for summary in intelligence.run.steps]

    assert steps[-1] == "published_warehouse"


@pytest.mark.parametrize("table", sorted(OUTPUT_TABLES))
def test_published_table_has_rows(intelligence, table) -> None:
    assert count(intelligence.published, table, intelligence.partition.account_id) > 0


def test_published_versions_one_per_model(intelligence) -> None:
    versions = read(
        intelligence.published,
        "select name, kind from ml.model_versions where account_id = ? order by name",
        [intelligence.partition.account_id],
    )

    assert versions["name"].to_list() == [
        "dispatch_delay_patterns",
        "fast_movers",
        "price_suggestions",
        "rto_risk",
    ]
    assert versions.filter(pl.col("name") == "rto_risk")["kind"].to_list() == ["lightgbm"]


@pytest.mark.parametrize("table", sorted(OUTPUT_TABLES))
def test_rows_name_recorded_version(intelligence, table) -> None:
    unknown = read(
        intelligence.published,
        f"select distinct output.model_version from ml.{table} as output "  # noqa: S608
        "anti join ml.model_versions as versions "
        "on output.account_id = versions.account_id "
        "and output.model_version = versions.model_version",
    )

    assert unknown.height == 0


def test_scores_cover_open_items(intelligence) -> None:
    account_id = intelligence.partition.account_id
    open_items = read(
        intelligence.published,
        "select order_item_id from marts.order_items where account_id = ? and outcome = 'open'",
        [account_id],
    )
    scored = read(
        intelligence.published,
        "select order_item_id, rto_probability from ml.rto_item_scores where account_id = ?",
        [account_id],
    )

    assert sorted(scored["order_item_id"]) == sorted(open_items["order_item_id"])
    assert scored["rto_probability"].is_between(0, 1).all()


def test_rto_metadata_has_metrics(pipeline, intelligence) -> None:
    metadata = rto_materialization(pipeline, intelligence.partition).metadata
    print(
        f"\nrto_model: ROC-AUC {metadata['roc_auc'].value:.3f}, PR-AUC "
        f"{metadata['pr_auc'].value:.3f}, Brier {metadata['brier'].value:.4f}"
    )

    assert metadata["model_kind"].value == "lightgbm"
    assert 0.5 < metadata["roc_auc"].value <= 1
    assert 0 < metadata["pr_auc"].value <= 1
    assert 0 <= metadata["brier"].value < 0.25


def test_rto_metadata_names_window(pipeline, intelligence) -> None:
    metadata = rto_materialization(pipeline, intelligence.partition).metadata
    recorded = read(
        intelligence.published,
        "select model_version, window_start, window_end from ml.model_versions "
        "where account_id = ? and name = 'rto_risk'",
        [intelligence.partition.account_id],
    ).row(0, named=True)

    assert metadata["model_version"].value == recorded["model_version"]
    assert datetime.fromisoformat(metadata["window_start"].value) == recorded["window_start"]
    assert datetime.fromisoformat(metadata["window_end"].value) == recorded["window_end"]


def test_rto_artifact_loads(intelligence) -> None:
    (folder,) = read(
        intelligence.published,
        "select artifact_path from ml.model_versions where account_id = ? and name = 'rto_risk'",
        [intelligence.partition.account_id],
    )["artifact_path"]
    folder = Path(folder)

    booster = lightgbm.Booster(model_str=(folder / BOOSTER_FILE).read_text())
    assert booster.num_trees() > 0
    assert (folder / CALIBRATION_FILE).exists()
    assert folder.parts[-4:-2] == (TENANT, intelligence.partition.account_id)


def test_writers_claim_the_warehouse_pool() -> None:
    graph = load_definitions().resolve_asset_graph()
    pools = {
        node.key.to_user_string(): node.assets_def.node_def.pool
        for node in graph.asset_nodes
        if node.group_name == INTELLIGENCE_GROUP
    }

    assert len(pools) == 6
    assert set(pools.values()) == {"duckdb_writers"}


def materialize_rto(pipeline, partition: AccountPartition, seed: int) -> None:
    result = dg.materialize(
        list(pipeline.definitions.assets),
        selection=dg.AssetSelection.assets(*RTO_KEYS),
        partition_key=partition.key,
        resources={**(pipeline.definitions.resources or {}), **pipeline.resources},
        run_config={"ops": {"rto_model": {"config": {"seed": seed}}}},
        instance=pipeline.instance,
        raise_on_error=False,
    )
    assert result.success


def rto_state(path: Path, account_id: str) -> tuple[str, pl.DataFrame]:
    connection: duckdb.DuckDBPyConnection = open_warehouse(path, read_only=True)
    try:
        scores = connection.sql(
            "select order_item_id, rto_probability, model_version from ml.rto_item_scores "
            "where account_id = ? order by order_item_id",
            params=[account_id],
        ).pl()
    finally:
        connection.close()
    (version,) = scores["model_version"].unique().to_list()
    return version, scores


@pytest.fixture(scope="module")
def retrained(pipeline, intelligence) -> dict[str, tuple[str, pl.DataFrame]]:
    """The RTO outputs of the graph run, of a retrain with the same seed, of another seed."""
    account_id = intelligence.partition.account_id
    states = {"first": rto_state(intelligence.working, account_id)}
    materialize_rto(pipeline, intelligence.partition, DEFAULT_SEED)
    states["same_seed"] = rto_state(intelligence.working, account_id)
    materialize_rto(pipeline, intelligence.partition, DEFAULT_SEED + 1)
    states["other_seed"] = rto_state(intelligence.working, account_id)
    return states


def test_retrain_same_seed_same_version(retrained) -> None:
    assert retrained["same_seed"][0] == retrained["first"][0]


def test_retrain_same_seed_same_scores(retrained) -> None:
    assert retrained["same_seed"][1].equals(retrained["first"][1])


def test_retrain_other_seed_new_version(retrained) -> None:
    assert retrained["other_seed"][0] != retrained["first"][0]


def test_retrain_keeps_version_history(intelligence, retrained) -> None:
    versions = read(
        intelligence.working,
        "select model_version from ml.model_versions where account_id = ? and name = 'rto_risk'",
        [intelligence.partition.account_id],
    )

    assert set(versions["model_version"]) == {retrained["first"][0], retrained["other_seed"][0]}


def test_every_ml_table_published(intelligence) -> None:
    tables = read(
        intelligence.published,
        "select table_name from information_schema.tables where table_schema = 'ml'",
    )

    assert set(tables["table_name"]) == {table.name for table in ML_TABLES}


def test_thin_account_scored_by_baseline(built) -> None:
    account_id = built.partition.account_id
    kinds = read(
        built.published,
        "select distinct model_kind from ml.rto_item_scores where account_id = ?",
        [account_id],
    )
    reason = read(
        built.published,
        "select params->>'fallback_reason' as reason from ml.model_versions "
        "where account_id = ? and name = 'rto_risk' and kind = 'baseline'",
        [account_id],
    )

    assert kinds["model_kind"].to_list() == ["baseline"]
    assert "labelled orders" in reason["reason"][0]


def test_thin_account_published_without_prices(built) -> None:
    assert built.run.success
    assert count(built.published, "price_suggestions", built.partition.account_id) == 0
    assert count(built.published, "fast_movers", built.partition.account_id) > 0
