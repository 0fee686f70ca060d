"""`sellerops alerts ...` in-process, against a published warehouse and the WhatsApp stand-in."""

from datetime import UTC, datetime, timedelta

import pytest
from notify_servers import WHATSAPP_TOKEN
from typer.testing import CliRunner

from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from sellerops.cli.main import app

OWNER_PASSWORD = "owner password 123"
OWNER = ["--tenant", "acme", "--as", "owner@acme.example"]


@pytest.fixture
def cli(database_url, tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    monkeypatch.setenv("SELLEROPS_DATA_DIR", str(data_dir))
    monkeypatch.setenv("SELLEROPS_DATABASE_URL", database_url)
    monkeypatch.setenv("SELLEROPS_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("SELLEROPS_ARGON2_MEMORY_KIB", "1024")
    monkeypatch.setenv("SELLEROPS_ARGON2_PARALLELISM", "1")
    monkeypatch.setenv("SELLEROPS_PASSWORD", OWNER_PASSWORD)
    monkeypatch.setenv("SELLEROPS_WHATSAPP_TOKEN", WHATSAPP_TOKEN)
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(app, list(args), input=input)

    assert run("init").exit_code == 0
    created = run(
        "tenant",
        "create",
        "acme",
        "--owner",
        "owner@acme.example",
        input=f"{OWNER_PASSWORD}\n{OWNER_PASSWORD}\n",
    )
    assert created.exit_code == 0, created.output
    run.data_dir = data_dir
    return run


def publish_late_shipment(data_dir):
    path = warehouse_paths(data_dir, "acme").published
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = open_warehouse(path)
    connection.execute("create schema marts")
    connection.execute(
        "create table marts.sla_shipments (account_id varchar, shipment_id varchar, "
        "sla_status varchar, dispatch_by timestamptz, ready_to_dispatch_at timestamptz, "
        "as_of timestamptz)"
    )
    # The command runs on the wall clock, so dispatch-by is set from it.
    dispatch_by = datetime.now(UTC) + timedelta(hours=2)
    connection.execute(
        "insert into marts.sla_shipments values ('acc-1', 'SHIP-7', 'open', ?, null, null)",
        [dispatch_by],
    )
    connection.close()


def test_alerts_run_sends_once(cli, whatsapp_api):
    stand_in, base_url = whatsapp_api
    setup = cli(
        "alerts",
        "whatsapp-setup",
        *OWNER,
        "--phone-number-id",
        "106540352242922",
        "--template",
        "sellerops_alert",
        "--base-url",
        base_url,
    )
    added = cli("alerts", "recipient-add", "whatsapp", "+91 98765 43210", *OWNER)
    publish_late_shipment(cli.data_dir)

    first = cli("alerts", "run", *OWNER)
    second = cli("alerts", "run", *OWNER)
    inbox = cli("alerts", "inbox", *OWNER)

    assert setup.exit_code == 0, setup.output
    assert added.exit_code == 0, added.output
    assert first.exit_code == 0, first.output
    assert first.stdout == "1 condition(s), 1 new alert(s); sent 1, 0 to retry, 0 failed, 0 held.\n"
    assert second.stdout.startswith("1 condition(s), 0 new alert(s); sent 0")
    assert len(stand_in.requests) == 1
    assert "SHIP-7" in inbox.stdout.splitlines()[1]


def test_alerts_run_without_warehouse(cli):
    result = cli("alerts", "run", *OWNER)

    assert result.exit_code == 1
    assert "has no published warehouse" in result.stderr


def test_channels_hide_token(cli, whatsapp_api):
    _stand_in, base_url = whatsapp_api
    cli(
        "alerts",
        "whatsapp-setup",
        *OWNER,
        "--phone-number-id",
        "106540352242922",
        "--template",
        "sellerops_alert",
        "--base-url",
        base_url,
    )

    result = cli("alerts", "channels", *OWNER)

    assert result.exit_code == 0, result.output
    assert "secret set" in result.stdout
    assert WHATSAPP_TOKEN not in result.stdout


def test_quiet_hours_bad_time(cli):
    result = cli("alerts", "quiet-hours", "10pm", "07:00", *OWNER)

    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Time '10pm' is invalid; use the 24-hour HH:MM form, such as 22:00.\n"
    )
