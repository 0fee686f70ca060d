"""The sandbox as a real process: SandboxServer over HTTP on 127.0.0.1, and the CLI."""

import json
import os

import httpx
import pytest
from typer.testing import CliRunner

from ingestion.sandbox.server import SandboxServer
from sellerops.cli.main import app as sellerops_app

FILTER_PATH = "/sellers/v3/shipments/filter"


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer(seed=3, sellers=1, history_days=4, orders_per_day=15, speed=0) as server:
        yield server


@pytest.fixture(scope="module")
def http(sandbox):
    seller = sandbox.credentials()[0]
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as client:
        grant = client.get(
            "/oauth-service/oauth/token",
            params={"grant_type": "client_credentials", "scope": "Seller_Api"},
            auth=(seller["app_id"], seller["app_secret"]),
        ).json()
        client.headers["Authorization"] = f"Bearer {grant['access_token']}"
        yield client


def test_runner_serves_loopback(sandbox):
    assert sandbox.base_url.startswith("http://127.0.0.1:")


def test_runner_paging_over_http(http):
    body = {"filter": {"type": "postDispatch"}, "pagination": {"pageSize": 10}}
    pages = [http.post(FILTER_PATH, json=body).json()]
    while pages[-1]["hasMore"]:
        pages.append(http.get("/sellers" + pages[-1]["nextPageUrl"]).json())
    ids = [shipment["shipmentId"] for page in pages for shipment in page["shipments"]]

    assert len(pages) > 1
    assert len(ids) == len(set(ids))


def test_runner_dropped_connection(sandbox, http):
    sandbox.set_faults({"drop_rate": 1.0})
    try:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            http.post(FILTER_PATH, json={"filter": {"type": "postDispatch"}})
    finally:
        sandbox.set_faults("none")

    assert sandbox.stats()["faults"]["dropped_connection"] == 1
    assert sandbox.health()["status"] == "ok"


def test_runner_expire_tokens(sandbox, http):
    before = http.post(FILTER_PATH, json={"filter": {"type": "postDispatch"}})
    revoked = sandbox.expire_tokens()
    after = http.post(FILTER_PATH, json={"filter": {"type": "postDispatch"}})

    assert before.status_code == 200
    assert revoked == 1
    assert after.status_code == 401


def test_runner_truth(sandbox):
    truth = sandbox.truth()

    assert truth["seed"] == 3


def test_runner_stops_process():
    server = SandboxServer(seed=1, sellers=1, history_days=1, orders_per_day=5, speed=0)
    with server:
        pid = server.pid
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_cli_credentials_json():
    result = CliRunner().invoke(
        sellerops_app, ["sandbox", "credentials", "--seed", "3", "--sellers", "1", "--json"]
    )
    rows = json.loads(result.output)

    assert result.exit_code == 0
    assert len(rows) == 1
    assert set(rows[0]) >= {"seller_id", "app_id", "app_secret", "location_ids"}


def test_cli_credentials_match_server(sandbox):
    result = CliRunner().invoke(
        sellerops_app, ["sandbox", "credentials", "--seed", "3", "--sellers", "1", "--json"]
    )

    assert json.loads(result.output)[0]["app_id"] == sandbox.credentials()[0]["app_id"]


def test_cli_credentials_table():
    result = CliRunner().invoke(
        sellerops_app, ["sandbox", "credentials", "--seed", "3", "--sellers", "1"]
    )

    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("seller_id")


def test_cli_truth_offline(tmp_path):
    output = tmp_path / "truth.json"
    arguments = ["sandbox", "truth", "--seed", "3", "--sellers", "1", "--history-days", "4"]
    arguments += ["--orders-per-day", "15", "--output", str(output)]
    result = CliRunner().invoke(sellerops_app, arguments)

    assert result.exit_code == 0, result.output
    assert json.loads(output.read_text())["seed"] == 3


def test_cli_truth_from_server(sandbox):
    result = CliRunner().invoke(sellerops_app, ["sandbox", "truth", "--url", sandbox.base_url])

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["seed"] == 3
