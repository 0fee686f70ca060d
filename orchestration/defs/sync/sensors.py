"""A sensor that keeps one partition per active seller account."""

import dagster as dg

from orchestration.defs.sync.partitions import active_partition_keys, seller_accounts
from orchestration.defs.sync.resources import OperationalStoreResource

CHECK_INTERVAL_SECONDS = 60


@dg.sensor(
    minimum_interval_seconds=CHECK_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Adds a partition for each new active seller account and drops deactivated ones.",
)
def seller_accounts_sensor(
    context: dg.SensorEvaluationContext, operational_store: OperationalStoreResource
) -> dg.SensorResult:
    with operational_store.open() as store:
        wanted = set(active_partition_keys(store))
    existing = set(context.instance.get_dynamic_partitions(seller_accounts.name))

    added, removed = sorted(wanted - existing), sorted(existing - wanted)
    context.log.info("Seller-account partitions: %d added, %d removed", len(added), len(removed))
    return dg.SensorResult(
        dynamic_partitions_requests=[
            seller_accounts.build_add_request(added),
            seller_accounts.build_delete_request(removed),
        ]
    )
