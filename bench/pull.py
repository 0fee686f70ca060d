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
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from bench.page import machine_line, write_section
from ingestion.client import FlipkartClient
from ingestion.client.pull import full_pull
from ingestion.sandbox.server.runner import SandboxServer

SEED = 11
ORDERS_PER_DAY = 200
HISTORY_DAYS = 120
REPEATS = 3
REPLAY_CONNECTIONS = (1, 4)
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


def replay_raw(base_url: str, requests: list[RecordedRequest], connections: int = 1) -> float:
    """Send the recorded requests over `connections` keep-alive connections; return seconds.

    With one connection they go strictly in order; with more, each thread takes the next
    request from the shared list, so the server receives concurrent requests as it does from the
    client's worker threads.
    """
    parts = urlsplit(base_url)
    pending = iter(requests)
    lock = threading.Lock()

    def next_request() -> RecordedRequest | None:
        with lock:
            return next(pending, None)

    def worker() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        while (request := next_request()) is not None:
            connection.request(
                request.method, request.target, body=request.body, headers=request.headers
            )
            connection.getresponse().read()
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main() -> int:
    print(f"starting sandbox: seed {SEED}, {ORDERS_PER_DAY} orders/day, {HISTORY_DAYS} days")
    with SandboxServer(
        seed=SEED, sellers=1, orders_per_day=ORDERS_PER_DAY, history_days=HISTORY_DAYS, speed=0
    ) as server:
        seller = server.credentials()[0]
        runs: list[PullRun] = []
        raw: dict[int, list[float]] = {connections: [] for connections in REPLAY_CONNECTIONS}
        for repeat in range(1, REPEATS + 1):
            run = pull_once(server, seller)
            api_requests = [r for r in run.requests if "/oauth-service/" not in r.target]
            runs.append(run)
            line = (
                f"run {repeat}: client {run.seconds:.2f} s for {run.shipments:,} shipments "
                f"({run.shipments / run.seconds:,.0f}/s, {len(run.requests):,} requests)"
            )
            for connections in REPLAY_CONNECTIONS:
                seconds = replay_raw(server.base_url, api_requests, connections)
                raw[connections].append(seconds)
                line += f"; raw x{connections} {seconds:.2f} s"
            print(line)

    shipments = runs[0].shipments
    client_seconds = statistics.median(run.seconds for run in runs)
    raw_seconds = {connections: statistics.median(times) for connections, times in raw.items()}
    best_raw = min(raw_seconds.values())
    rows = [
        f"| shipments pulled, with details and invoice JSON | {shipments:,} |",
        f"| returns pulled | {runs[0].returns:,} |",
        f"| requests per pull | {len(runs[0].requests):,} |",
        f"| client full pull | {client_seconds:.2f} s, {shipments / client_seconds:,.0f} "
        "shipments/s |",
    ]
    for connections, seconds in raw_seconds.items():
        rows.append(
            f"| raw replay, {connections} connection{'s' if connections > 1 else ''} | "
            f"{seconds:.2f} s, {shipments / seconds:,.0f} shipments/s |"
        )
    rows.append(f"| client rate ÷ best raw serving rate | {best_raw / client_seconds:.2f} |")
    section = "\n".join(
        [
            BEGIN_MARK,
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_line()} with "
            f"`make bench` (median of {REPEATS} runs; seed {SEED}, one seller).",
            "",
            "| measure | value |",
            "|---|---|",
            *rows,
            END_MARK,
        ]
    )
    print(section)
    write_section(section, BEGIN_MARK, END_MARK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
