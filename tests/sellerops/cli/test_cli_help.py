"""CLI text a new user reads first: `--help` of each command, and the sandbox credentials."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sellerops.cli.main import app
from sellerops.services.stock_csv import SKU_COLUMNS

# The `api` group reads no credentials until a command runs.
NO_CREDENTIALS = {"FLIPKART_APP_ID": "", "FLIPKART_APP_SECRET": ""}


def help_text(*command: str) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], env=NO_CREDENTIALS)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.replace("│", " ").split())


@pytest.mark.parametrize("command", ["pull", "token", "shipments", "returns", "listings"])
def test_api_command_help_without_credentials(command):
    assert f"sellerops api {command}" in help_text("api", command)


def test_api_command_without_app_id_exits_2():
    result = CliRunner().invoke(app, ["api", "token"], env=NO_CREDENTIALS)

    assert result.exit_code == 2
    assert "Missing option '--app-id': set FLIPKART_APP_ID" in result.output


@pytest.mark.parametrize(
    "command",
    [("demo",), ("pipeline", "run"), ("stock", "import"), ("sandbox", "credentials"), ()],
)
def test_flags_show_no_type(command):
    assert "<bool>" not in help_text(*command)


def test_tenant_create_names_password_variable():
    assert "SELLEROPS_NEW_PASSWORD" in help_text("tenant", "create")


def test_stock_import_lists_master_columns():
    text = help_text("stock", "import")

    for column in SKU_COLUMNS:
        assert column in text, column


def test_pipeline_run_offers_replay_stock():
    text = help_text("pipeline", "run")

    assert "--replay-stock" in text
    assert "implies --replay-stock" in text


def test_sandbox_credentials_show_gstin():
    result = CliRunner().invoke(app, ["sandbox", "credentials", "--seed", "3", "--sellers", "1"])
    header, row = result.output.splitlines()[:2]
    seller = json.loads(
        CliRunner()
        .invoke(app, ["sandbox", "credentials", "--seed", "3", "--sellers", "1", "--json"])
        .output
    )[0]

    assert result.exit_code == 0, result.output
    assert header.split()[2:4] == ["gstin", "state_code"]
    assert row.split()[-5:-3] == [seller["gstin"], seller["state_code"]]
