"""Runs repeat exactly: again while the published copy is open, and after a killed sync."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.xdist_group("orchestration")

# The child needs about 5 s to import Dagster and dbt before the sync starts, and a run takes
# about 40 s; the kill lands between the sync's start and the middle of dbt build.
KILL_AFTER_SECONDS = (4.0, 20.0)

# Every failure of the heavy profile (429s, 5xx bursts, dropped connections, token expiry), but
# no simulated state changes between pages: those change the world itself, and the rerun must
# be compared with a clean run of the same world.
HEAVY_FAULTS_SAME_WORLD = {"name": "heavy", "state_change_rate": 0}

# A dashboard stand-in that keeps the published copy open read-only until its stdin closes.
READER = """
import sys
import duckdb

connection = duckdb.connect(sys.argv[1], read_only=True)
query = "select count(*) from marts.order_items"
print(connection.execute(query).fetchone()[0], flush=True)
sys.stdin.read()
print(connection.execute(query).fetchone()[0], flush=True)
"""


def test_second_run_with_copy_open_is_identical(pipeline, built) -> None:
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(built.published)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        rows_before = int(reader.stdout.readline())
        run = pipeline.run(built.partition)
        output, _ = reader.communicate("", timeout=30)
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()

    assert run.success, run.problems
    assert reader.returncode == 0
    assert int(output.strip()) == rows_before
    assert pipeline.checksums("clean") == built.checksums


def test_killed_sync_then_rerun_matches_clean_run(pipeline, built) -> None:
    partition = pipeline.provision("killed")
    delay = random.uniform(*KILL_AFTER_SECONDS)
    pipeline.server.set_faults(HEAVY_FAULTS_SAME_WORLD)
    try:
        child = subprocess.Popen(
            pipeline.pipeline_command("killed"),
            env=pipeline.child_environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        # dbt runs as the child's own child in the same new session, so kill the whole group.
        killed_running = child.poll() is None
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        assert killed_running, f"the child finished within {delay:.1f} s, before the kill"

        rerun = pipeline.run(partition)
    finally:
        pipeline.server.set_faults("none")

    assert rerun.success, f"killed after {delay:.1f} s: {rerun.problems}"
    assert pipeline.checksums("killed") == built.checksums, f"killed after {delay:.1f} s"
