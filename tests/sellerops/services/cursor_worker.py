"""Advance one sync cursor from a separate process: `python cursor_worker.py URL LABEL OFFSET`.

The worker acts as the owner of tenant `acme` and advances the `shipments` cursor of its only
account to BASE + n minutes for every n in range(OFFSET, 200, 2), in ascending order, one
transaction each. It prints `ready` once its store is open and starts when a line arrives on
stdin, so both workers' calls overlap. SELLEROPS_SECRET_KEY carries the secret key.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime, timedelta

from sellerops.services import list_accounts
from sellerops.services.actor import act_as
from sellerops.services.sync_state import advance_cursor
from sellerops.settings import Settings
from sellerops.store import Store

BASE = datetime(2026, 3, 1, tzinfo=UTC)
MINUTES = 200


def main() -> None:
    url, label, offset = sys.argv[1], sys.argv[2], int(sys.argv[3])
    settings = Settings(database_url=url, secret_key=os.environ["SELLEROPS_SECRET_KEY"])
    store = Store.open(settings)
    actor = act_as(store, "acme", "owner@acme.example")
    account_id = list_accounts(actor)[0].id
    minutes = list(range(offset, MINUTES, 2))

    print("ready", flush=True)
    sys.stdin.readline()
    for minute in minutes:
        cursor_at = BASE + timedelta(minutes=minute)
        advance_cursor(actor, account_id, "shipments", cursor_at, f"{label}-{minute}")
        # A short pause gives the other worker a turn even on a loaded machine.
        time.sleep(0.002)
    store.close()


if __name__ == "__main__":
    main()
