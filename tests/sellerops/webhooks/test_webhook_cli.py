"""`sellerops webhook serve` as a child process: it serves, stores and refuses to start unready."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from factories import account_input, new_tenant
from sqlalchemy import select
from typer.testing import CliRunner

from orchestration.webhook_flow import ReceiverProcess, ReceiverStartError
from sellerops.cli.main import app
from sellerops.models import WebhookEvent
from sellerops.services import add_account
from sellerops.webhooks.signature import authorization_header, format_x_date

FIXTURE = Path(__file__).resolve().parents[2] / "data" / "notifications" / "shipment_created.json"
APP_ID = "app-cli"
SECRET = "test-secret-of-cli-0123456789"


def child_environment(settings) -> dict[str, str]:
    return {
        "SELLEROPS_DATA_DIR": str(settings.data_dir),
        "SELLEROPS_DATABASE_URL": settings.database_url,
        "SELLEROPS_KEY_FILE": str(settings.key_file),
    }


def test_serve_stores_fixture(store, settings, tmp_path):
    owner = new_tenant(store, "clihooks")
    account = add_account(owner, account_input("cli", app_id=APP_ID, app_secret=SECRET))

    with ReceiverProcess(child_environment(settings), tmp_path / "receiver.log") as receiver:
        url = receiver.notification_url(account.id)
        sent_at = datetime.now(UTC)
        headers = {
            "Content-Type": "application/json",
            "X_Date": format_x_date(sent_at),
            "X_Authorization": authorization_header(APP_ID, SECRET, url, "POST", sent_at),
        }
        response = httpx.post(url, content=FIXTURE.read_bytes(), headers=headers, timeout=10.0)
        rejected = httpx.post(url, content=FIXTURE.read_bytes(), timeout=10.0)
        log = receiver.log_text()

    assert response.status_code == 200, log
    assert rejected.status_code == 401
    with store.operator_read() as session:
        (row,) = session.scalars(select(WebhookEvent)).all()
    assert row.event_type == "shipment_created"
    assert "Webhook 200" in log
    assert "Webhook 401" in log
    assert SECRET not in log


def test_serve_needs_migrated_store(tmp_path):
    environment = {"SELLEROPS_DATA_DIR": str(tmp_path / "empty")}

    receiver = ReceiverProcess(environment, tmp_path / "receiver.log")

    with pytest.raises(ReceiverStartError, match="sellerops init"):
        receiver.__enter__()


def test_serve_help_names_path():
    result = CliRunner().invoke(app, ["webhook", "serve", "--help"])

    assert result.exit_code == 0
    assert "/flipkart/notifications/<account id>" in result.output
