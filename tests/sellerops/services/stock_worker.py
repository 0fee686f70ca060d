"""Move stock from a separate process: `python stock_worker.py URL MODE LABEL`.

MODE `mixed` makes 500 movements on five SKUs: receipts on even steps and order reservations
on odd ones, one transaction each. MODE `receipts` receives 1 unit of the first SKU 300
times, and MODE `counts` counts it 60 times. The worker acts as the owner of tenant `acme`,
prints `ready` once its store is open and starts when a line arrives on stdin, so both
workers' calls overlap. SELLEROPS_SECRET_KEY carries the secret key.
"""

from __future__ import annotations

import os
import sys

from sellerops.inventory.events import OrderEvent
from sellerops.services.actor import act_as
from sellerops.services.stock import apply_order_events, count_stock, receive_stock
from sellerops.settings import Settings
from sellerops.store import Store

SKUS = [f"SKU-{number}" for number in range(5)]
LOCATION = "LOC0001"
MOVEMENTS = 500
RECEIPTS = 300
COUNTS = 60
COUNT_BASE = 1000


def mixed_steps(label: str) -> list[tuple[str, str, int, str]]:
    """Return (kind, sku, units, source) of every movement a `mixed` worker makes."""
    steps = []
    for number in range(MOVEMENTS):
        sku = SKUS[number % len(SKUS)]
        kind = "receipt" if number % 2 == 0 else "reservation"
        steps.append((kind, sku, number % 7 + 1, f"{label}-{number}"))
    return steps


def counted_value(number: int) -> int:
    """Return the units the `counts` worker counts at its step `number`."""
    return COUNT_BASE + number


def main() -> None:
    url, mode, label = sys.argv[1], sys.argv[2], sys.argv[3]
    settings = Settings(database_url=url, secret_key=os.environ["SELLEROPS_SECRET_KEY"])
    store = Store.open(settings)
    actor = act_as(store, "acme", "owner@acme.example")

    print("ready", flush=True)
    sys.stdin.readline()
    if mode == "mixed":
        for kind, sku, units, source in mixed_steps(label):
            if kind == "receipt":
                receive_stock(actor, sku, LOCATION, units, source)
            else:
                event = OrderEvent(f"{source}:reserve", sku, LOCATION, "reservation", units, None)
                apply_order_events(actor, [event])
    elif mode == "receipts":
        for number in range(RECEIPTS):
            receive_stock(actor, SKUS[0], LOCATION, 1, f"{label}-{number}")
    else:
        for number in range(COUNTS):
            count_stock(actor, SKUS[0], LOCATION, counted_value(number))
    store.close()


if __name__ == "__main__":
    main()
