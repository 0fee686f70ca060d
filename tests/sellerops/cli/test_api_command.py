"""`sellerops api`: bad options end in a one-line error with exit code 2 and no request."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sellerops.cli.main import app

CREDENTIALS = {"FLIPKART_APP_ID": "app", "FLIPKART_APP_SECRET": "secret"}
# A port nothing listens on: any request sent would fail with a connection error instead.
CLOSED = "http://127.0.0.1:9"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["api", "--base-url", CLOSED, "shipments", "--type", "soon"], "'soon' is not one of"),
        (["api", "--base-url", CLOSED, "shipments", "--days", "0"], "--days"),
        (["api", "--base-url", CLOSED, "shipments", "--state", "LOST"], "--state"),
        (["api", "--base-url", CLOSED, "returns", "--source", "rto"], "--source"),
        (["api", "--base-url", CLOSED, "listings", "--limit", "-1"], "--limit"),
        (["api", "--base-url", "127.0.0.1:8765", "token"], "Invalid sandbox URL"),
        (["api", "--env", "production", "--base-url", CLOSED, "token"], "only to the 'local'"),
        (["api", "--env", "staging", "token"], "Unknown environment 'staging'"),
    ],
)
def test_bad_option_rejected(arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(app, arguments, env=CREDENTIALS)
    assert result.exit_code == 2
    assert message in " ".join(result.output.replace("│", " ").split())


def test_cancelled_without_type_is_one_line() -> None:
    result = CliRunner().invoke(
        app, ["api", "--base-url", CLOSED, "shipments", "--type", "cancelled"], env=CREDENTIALS
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
