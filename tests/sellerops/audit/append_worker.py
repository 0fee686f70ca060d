"""Append audit entries from a separate process: `python append_worker.py URL LABEL COUNT START_AT`.

Each entry is its own transaction, as in real use. The worker sleeps until START_AT (a Unix
time) so that the two processes of the test append at the same time. Both read the secret key
from SELLEROPS_SECRET_KEY, because the audit key is encrypted under it.
"""

from __future__ import annotations

import os
import sys
import time

from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.settings import Settings
from sellerops.store import Store


def main() -> None:
    url, label, count, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    settings = Settings(database_url=url, secret_key=os.environ["SELLEROPS_SECRET_KEY"])
    store = Store.open(settings)
    store.engine.connect().close()

    time.sleep(max(0.0, start_at - time.time()))
    for number in range(count):
        record = AuditRecord(
            "test.concurrent", "worker", f"{label}-{number}", AuditResult.SUCCEEDED, label
        )
        with store.operator_write() as session:
            append_entry(session, record)
    store.close()


if __name__ == "__main__":
    main()
