"""The partition sensor follows the operational store's active seller accounts."""

from __future__ import annotations

import dagster as dg
import pytest

from orchestration.defs.sync.partitions import seller_accounts
from orchestration.defs.sync.resources import OperationalStoreResource
from orchestration.defs.sync.sensors import seller_accounts_sensor
from sellerops.services import deactivate_account
from sellerops.services.actor import act_as

pytestmark = pytest.mark.xdist_group("orchestration")


def test_sensor_adds_and_drops_partitions(pipeline) -> None:
    partition = pipeline.provision("sensed")
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(seller_accounts.name, ["gone.0000"])
    store_resource = OperationalStoreResource(data_dir=str(pipeline.data_dir))

    context = dg.build_sensor_context(instance=instance)
    result = seller_accounts_sensor(context, operational_store=store_resource)
    add, delete = result.dynamic_partitions_requests

    assert partition.key in add.partition_keys
    assert list(delete.partition_keys) == ["gone.0000"]

    owner = act_as(pipeline.store, "sensed", "owner@sensed.example")
    deactivate_account(owner, partition.account_id)
    instance.add_dynamic_partitions(seller_accounts.name, [partition.key])
    result = seller_accounts_sensor(
        dg.build_sensor_context(instance=instance), operational_store=store_resource
    )
    assert partition.key in result.dynamic_partitions_requests[1].partition_keys
