"""The log capture of in-process runs, the per-step lines, and the buyer-name check's asset."""

from __future__ import annotations

import io
import logging
import sys

import dagster as dg

from orchestration.defs.warehouse.assets import warehouse_dbt
from orchestration.run_output import captured_output
from orchestration.runner import AccountRun, StepSummary, run_lines


def write_each_kind() -> None:
    print("dbt line")
    sys.stderr.write("console line\n")
    dg.get_dagster_logger().warning("builtin record")
    logging.getLogger("sellerops.test").warning("own record")


def test_capture_writes_file_only(tmp_path, capsys):
    log_path = tmp_path / "logs" / "run.log"

    with captured_output(log_path):
        write_each_kind()

    text = log_path.read_text()
    screen = capsys.readouterr()
    for line in ("dbt line", "console line", "own record"):
        assert line in text, line
    assert screen.out == ""
    assert screen.err == ""


def test_capture_keeps_dagster_from_root(tmp_path):
    # Dagster's console logger writes its records; the root handlers must not repeat them.
    root = logging.getLogger()
    terminal = io.StringIO()
    handler = logging.StreamHandler(terminal)
    root.addHandler(handler)
    try:
        with captured_output(tmp_path / "run.log", verbose=True):
            write_each_kind()
    finally:
        root.removeHandler(handler)

    assert "builtin record" not in terminal.getvalue()
    assert "own record" in terminal.getvalue()


def test_capture_verbose_copies_to_terminal(tmp_path, capsys):
    log_path = tmp_path / "run.log"

    with captured_output(log_path, verbose=True):
        write_each_kind()

    screen = capsys.readouterr()
    assert "dbt line" in screen.out
    assert "console line" in screen.err
    assert "dbt line" in log_path.read_text()


def test_capture_restores_logging(tmp_path):
    root = logging.getLogger()
    handlers = root.handlers[:]

    with captured_output(tmp_path / "run.log"):
        pass

    assert root.handlers == handlers
    assert logging.getLogger("dagster").propagate is True


def test_run_lines_one_per_step():
    steps = [
        StepSummary("flipkart_sync", 8.25, True, assets=9, rows=1200, rows_label="rows fetched"),
        StepSummary("warehouse_dbt", 40.0, False, assets=48),
    ]
    run = AccountRun("acme.a1", False, 50.0, steps)

    lines = run_lines(run, "Main store")

    assert lines[0] == "Account acme.a1 (Main store): failed in 50.0 s"
    assert lines[1] == "  acme.a1  flipkart_sync     8.2 s  1,200 rows fetched"
    assert lines[2] == "  acme.a1  warehouse_dbt    40.0 s  48 assets materialized  FAILED"
    assert len(lines) == 3


def test_buyer_name_check_is_asset_check():
    key = dg.AssetCheckKey(
        dg.AssetKey(["marts", "orders"]), "assert_marts_never_reference_buyer_names"
    )

    assert key in warehouse_dbt.check_keys
