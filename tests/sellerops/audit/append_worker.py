"""Append audit entries from a separate process: `python append_worker.py URL LABEL COUNT`.

Each entry is its own transaction, as in real use. The worker prints `ready` once its store is
open and waits for a line on stdin, so that the test starts both processes' appends at the same
moment however long each took to start. Both read the secret key from SELLEROPS_SECRET_KEY,
because the audit key is encrypted under it.
"""

from __future__ import annotations

import os
import sys

from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.settings import Settings
from sellerops.store import Store


def main() -> None:
    url, label, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    settings = Settings(database_url=url, secret_key=os.environ["SELLEROPS_SECRET_KEY"])
    store = Store.open(settings)
    store.engine.connect().close()

    print("ready", flush=True)
    sys.stdin.readline()
    for number in range(count):
        record = AuditRecord(
            "test.concurrent", "worker", f"{label}-{number}", AuditResult.SUCCEEDED, label
        )
        with store.operator_write() as session:
            append_entry(session, record)
    store.close()


if __name__ == "__main__":
    main()
