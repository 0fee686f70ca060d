from datetime import UTC, datetime

import dagster as dg

from orchestration.defs.sync.partitions import seller_accounts
from orchestration.runner import load_definitions

ACCOUNTS = ["shop.account-a", "shop.account-b"]
TICK = datetime(2026, 12, 5, 1, 30, tzinfo=UTC)


def test_each_tick_requests_one_keyed_run_per_account(tmp_path):
    definitions = load_definitions()
    # Dagster keeps using the last test instance's state storage after the block, so its
    # folder must outlive the block for the tests that load definitions next.
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        instance.add_dynamic_partitions(seller_accounts.name, ACCOUNTS)
        for name in ("incremental_sync_schedule", "nightly_rebuild_schedule"):
            context = dg.build_schedule_context(
                instance=instance,
                scheduled_execution_time=TICK,
                repository_def=definitions.get_repository_def(),
            )
            schedule = definitions.resolve_schedule_def(name)

            # Dagster rejects a tick of several requests without run keys, as the daemon did.
            requests = schedule.evaluate_tick(context).run_requests or []

            assert [request.partition_key for request in requests] == ACCOUNTS, name
            keys = [request.run_key for request in requests]
            assert len(set(keys)) == len(ACCOUNTS), name
            assert all(
                key.startswith(account) for key, account in zip(keys, ACCOUNTS, strict=True)
            ), name
            assert all("2026-12-05" in key for key in keys), name
