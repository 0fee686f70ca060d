"""Runs that a stopped `dagster dev` left unfinished are canceled and give back their pool slot."""

import dagster as dg

from orchestration.instance_config import cancel_unfinished_runs, write_instance_config
from orchestration.pools import WAREHOUSE_POOL

STEP = "warehouse_dbt"


def test_cancel_unfinished_frees_pool_slot(tmp_path):
    write_instance_config(tmp_path)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        storage = instance.event_log_storage
        stuck = instance.add_run(dg.DagsterRun(job_name="sync", status=dg.DagsterRunStatus.STARTED))
        done = instance.add_run(dg.DagsterRun(job_name="sync", status=dg.DagsterRunStatus.SUCCESS))
        storage.initialize_concurrency_limit_to_default(WAREHOUSE_POOL)
        claim = storage.claim_concurrency_slot(WAREHOUSE_POOL, stuck.run_id, STEP)
        assert claim.is_claimed
        waiting = storage.claim_concurrency_slot(WAREHOUSE_POOL, "next-run", STEP)
        assert not waiting.is_claimed

        canceled = cancel_unfinished_runs(instance, "Canceled by the test.")

        assert canceled == [stuck.run_id]
        assert instance.get_run_by_id(stuck.run_id).status == dg.DagsterRunStatus.CANCELED
        assert instance.get_run_by_id(done.run_id).status == dg.DagsterRunStatus.SUCCESS
        assert storage.get_concurrency_info(WAREHOUSE_POOL).active_slot_count == 0
        assert storage.claim_concurrency_slot(WAREHOUSE_POOL, "next-run", STEP).is_claimed


def test_cancel_unfinished_without_runs(tmp_path):
    write_instance_config(tmp_path)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert cancel_unfinished_runs(instance, "Canceled by the test.") == []
