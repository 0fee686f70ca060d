"""Benchmark: full-pull throughput of the client against the sandbox's raw serving rate.

Run with `make bench`. One sandbox process serves a seller with 20,000+ shipments. The client
pulls everything (shipments, details, invoices, returns) while every request it sends is
recorded; then the same requests are replayed over one keep-alive connection that reads each
body and parses nothing. Both figures come from the same run on the same machine, so their ratio
shows what the client adds on top of the server. Results are printed and written into
docs/benchmarks.md between the markers of the full-pull section.
"""

from __future__ import annotations

import http.client
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from ingestion.client import FlipkartClient
from ingestion.client.pull import full_pull
from ingestion.sandbox.server.runner import SandboxServer

SEED = 11
ORDERS_PER_DAY = 200
HISTORY_DAYS = 120
REPEATS = 3
BENCHMARKS_PAGE = Path("docs/benchmarks.md")
BEGIN_MARK = "<!-- full-pull:begin -->"
END_MARK = "<!-- full-pull:end -->"


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class PullRun:
    seconds: float
    shipments: int
    returns: int
    requests: list[RecordedRequest]


def pull_once(server: SandboxServer, seller: dict) -> PullRun:
    """Pull one seller through the client and record every request it sent."""
    recorded: list[RecordedRequest] = []

    def record(request: httpx.Request) -> None:
        kept = {
            name: value
            for name, value in request.headers.items()
            if name.lower() in ("authorization", "accept", "content-type")
        }
        recorded.append(
            RecordedRequest(request.method, request.url.raw_path.decode(), kept, request.content)
        )

    http_client = httpx.Client(event_hooks={"request": [record]}, timeout=60.0)
    client = FlipkartClient(
        "local",
        seller["app_id"],
        seller["app_secret"],
        base_url=server.base_url,
        http_client=http_client,
    )
    with http_client, client:
        started = time.perf_counter()
        result = full_pull(client)
        seconds = time.perf_counter() - started
    return PullRun(seconds, len(result.shipments), len(result.returns), recorded)


def replay_raw(base_url: str, requests: list[RecordedRequest]) -> float:
    """Send the recorded requests in order on one keep-alive connection; return seconds."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    started = time.perf_counter()
    for request in requests:
        connection.request(
            request.method, request.target, body=request.body, headers=request.headers
        )
        response = connection.getresponse()
        response.read()
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def machine_line() -> str:
    cpus = os.cpu_count()
    return f"{platform.machine()}, {cpus} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> int:
    print(f"starting sandbox: seed {SEED}, {ORDERS_PER_DAY} orders/day, {HISTORY_DAYS} days")
    with SandboxServer(
        seed=SEED, sellers=1, orders_per_day=ORDERS_PER_DAY, history_days=HISTORY_DAYS, speed=0
    ) as server:
        seller = server.credentials()[0]
        client_runs: list[PullRun] = []
        raw_seconds: list[float] = []
        for repeat in range(1, REPEATS + 1):
            run = pull_once(server, seller)
            raw = replay_raw(
                server.base_url, [r for r in run.requests if "/oauth-service/" not in r.target]
            )
            client_runs.append(run)
            raw_seconds.append(raw)
            print(
                f"run {repeat}: client {run.seconds:.2f} s for {run.shipments} shipments "
                f"({run.shipments / run.seconds:,.0f}/s, {len(run.requests)} requests); "
                f"raw replay {raw:.2f} s ({run.shipments / raw:,.0f}/s)"
            )

    shipments = client_runs[0].shipments
    client_median = statistics.median(run.seconds for run in client_runs)
    raw_median = statistics.median(raw_seconds)
    requests = len(client_runs[0].requests)
    client_rate = shipments / client_median
    raw_rate = shipments / raw_median
    ratio = client_rate / raw_rate
    table = "\n".join(
        [
            BEGIN_MARK,
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_line()} with "
            f"`make bench` (median of {REPEATS} runs; seed {SEED}, one seller).",
            "",
            "| measure | value |",
            "|---|---|",
            f"| shipments pulled (with details, invoices; plus {client_runs[0].returns:,} returns) | {shipments:,} |",
            f"| requests per pull | {requests:,} |",
            f"| client full pull | {client_median:.2f} s, {client_rate:,.0f} shipments/s |",
            f"| raw replay of the same requests | {raw_median:.2f} s, {raw_rate:,.0f} shipments/s |",
            f"| client rate ÷ raw serving rate | {ratio:.2f} |",
            END_MARK,
        ]
    )
    print(table)
    write_section(table)
    return 0


def write_section(table: str) -> None:
    text = BENCHMARKS_PAGE.read_text() if BENCHMARKS_PAGE.exists() else ""
    if BEGIN_MARK in text and END_MARK in text:
        head, rest = text.split(BEGIN_MARK, 1)
        _, tail = rest.split(END_MARK, 1)
        text = head + table + tail
    else:
        text = text.rstrip() + "\n\n" + table + "\n"
    BENCHMARKS_PAGE.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
