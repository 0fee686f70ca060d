"""Notification to published warehouse without the Dagster daemon: for the demo, tests and bench.

`ReceiverProcess` runs `sellerops webhook serve` as a child process on 127.0.0.1.
`run_requested_syncs` does what the daemon does with `webhook_events_sensor`: it evaluates the
sensor once and runs each requested sync in this process through `orchestration.runner`.
`place_test_order` creates a sandbox order, whose `shipment_created` notification starts it all.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import dagster as dg
import httpx

from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from orchestration.defs.events.jobs import NOTIFICATION_GRAPH, notification_job
from orchestration.defs.events.sensors import webhook_events_sensor
from orchestration.defs.sync.partitions import parse_partition_key
from orchestration.defs.sync.resources import OperationalStoreResource
from orchestration.runner import AccountRun, run_account

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 5.0
# Variables that would point the receiver at another store or key than the one given.
INHERITED_OUT = ("SELLEROPS_DATABASE_URL", "SELLEROPS_SECRET_KEY", "SELLEROPS_KEY_FILE")


class ReceiverStartError(RuntimeError):
    """The receiver process exited or its health check did not pass in time."""


class ReceiverProcess:
    """`sellerops webhook serve` on a free loopback port; use it as a context manager."""

    def __init__(self, environment: Mapping[str, str], log_path: Path) -> None:
        self._environment = {k: v for k, v in os.environ.items() if k not in INHERITED_OUT}
        self._environment.update(environment)
        self._environment["PYTHONPATH"] = str(PROJECT_ROOT)
        self._log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"

    def notification_url(self, account_id: str) -> str:
        """Return the URL to register for one seller account's notifications."""
        return f"{self.base_url}/flipkart/notifications/{account_id}"

    def __enter__(self) -> ReceiverProcess:
        command = [sys.executable, "-m", "sellerops.cli.webhook", "serve"]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        with self._log_path.open("wb") as log:
            self._process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._environment,
                cwd=PROJECT_ROOT,
            )
        try:
            self._wait_for_health()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        logger.info("Webhook receiver %d is serving %s", self._process.pid, self.base_url)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT_SECONDS)
        self._process = None

    def log_text(self) -> str:
        return self._log_path.read_text(errors="replace") if self._log_path.exists() else ""

    def _wait_for_health(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise ReceiverStartError(
                    f"The receiver exited with code {self._process.returncode}:\n{self.log_text()}"
                )
            try:
                if httpx.get(f"{self.base_url}/health", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise ReceiverStartError(
            f"The receiver health check timed out; its log:\n{self.log_text()}"
        )


def run_requested_syncs(
    operational_store: OperationalStoreResource,
    *,
    instance: dg.DagsterInstance,
    definitions: dg.Definitions,
    resources: Mapping[str, Any],
    seen_run_keys: set[str],
) -> list[AccountRun]:
    """Evaluate `webhook_events_sensor` once and run each request whose run key is new.

    Runs the way the daemon would launch them: the request's job (`notification_job`, or the
    incremental sync for an account never published) on its partition, with its tags.
    `seen_run_keys` gains the keys run here, as the daemon's record of run keys does.
    """
    context = dg.build_sensor_context(instance=instance)
    result = webhook_events_sensor(context, operational_store=operational_store)

    runs = []
    for request in result.run_requests or []:
        if request.run_key in seen_run_keys:
            continue
        seen_run_keys.add(request.run_key)
        partition = parse_partition_key(request.partition_key)
        notification = request.job_name == notification_job.name
        runs.append(
            run_account(
                partition,
                mode="incremental",
                log_level="WARNING",
                resources=resources,
                instance=instance,
                definitions=definitions,
                selection=NOTIFICATION_GRAPH if notification else None,
                tags=request.tags,
            )
        )
    return runs


def place_test_order(server: SandboxServer, seller: dict[str, Any]) -> str:
    """Order one unit of the first stocked listing through the sandbox's self-serve endpoint.

    Returns the new order id. `seller` is an entry of `server.credentials()`.
    """
    grant = httpx.get(
        f"{server.base_url}/oauth-service/oauth/token",
        params={"grant_type": "client_credentials"},
        auth=(seller["app_id"], seller["app_secret"]),
        timeout=30.0,
    )
    grant.raise_for_status()
    headers = {"Authorization": f"Bearer {grant.json()['access_token']}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=30.0) as client:
        listing_id, location_id = _stocked_listing(client, server, seller["seller_id"])
        body = {
            "shipmentType": "NORMAL",
            "locationId": location_id,
            "orderItems": [{"listingId": listing_id, "quantity": 1}],
        }
        response = client.post("/sellers/orders/sandbox/test_orders", json=body)
    response.raise_for_status()
    return response.json()["orderId"]


def published_order_ids(data_dir: Path, tenant_slug: str) -> set[str]:
    """Return the order ids in `marts.orders` of the tenant's published warehouse."""
    path = warehouse_paths(data_dir, tenant_slug).published
    connection = open_warehouse(path, read_only=True)
    try:
        rows = connection.execute("select order_id from marts.orders").fetchall()
    finally:
        connection.close()
    return {order_id for (order_id,) in rows}


def _stocked_listing(
    client: httpx.Client, server: SandboxServer, seller_id: str
) -> tuple[str, str]:
    skus = server.truth(seller_id)["sellers"][seller_id]["skus"]
    for sku in sorted(skus):
        listing = client.get(f"/sellers/listings/v3/{sku}").json()["available"].get(sku)
        for location in (listing or {}).get("locations", []):
            if location["status"] == "ENABLED" and location["inventory"] > 0:
                return listing["listing_id"], location["id"]
    raise RuntimeError(f"No listing of sandbox seller {seller_id} has stock to order.")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
