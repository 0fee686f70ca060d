"""The graph gives the same marts whatever the machine's time zone (TZ of the process)."""

from __future__ import annotations

import subprocess

import pytest

pytestmark = pytest.mark.xdist_group("orchestration")

TIME_ZONES = {"tz-utc": "UTC", "tz-kolkata": "Asia/Kolkata"}


def test_marts_identical_in_utc_and_kolkata(pipeline, built) -> None:
    children = {}
    for slug, zone in TIME_ZONES.items():
        pipeline.provision(slug)
        children[slug] = subprocess.Popen(
            pipeline.pipeline_command(slug),
            env=pipeline.child_environment(TZ=zone),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    outputs = {slug: child.communicate(timeout=300)[0] for slug, child in children.items()}

    for slug, child in children.items():
        assert child.returncode == 0, f"TZ={TIME_ZONES[slug]}:\n{outputs[slug]}"
    for slug in TIME_ZONES:
        assert pipeline.checksums(slug) == built.checksums, f"TZ={TIME_ZONES[slug]}"
