"""Issue invoice numbers from a separate process: `python invoice_number_worker.py URL LABEL N`.

The worker acts as the owner of tenant `acme` and records N numbered tax invoices for its only
account, each for its own shipment `LABEL-<n>` and in its own transaction. It runs the code
path of `issue_invoice` that follows the Flipkart fetch. Each PDF is a few bytes naming its number.
It prints `ready` once its store is open and starts when a line arrives on stdin, so both
workers' calls overlap. SELLEROPS_SECRET_KEY carries the secret key.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sellerops.security.permissions import Action
from sellerops.services import list_accounts
from sellerops.services.actor import act_as
from sellerops.services.document_records import NumberedRequest, record_numbered_document
from sellerops.settings import Settings
from sellerops.store import Store


def main() -> None:
    url, label, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    settings = Settings(
        database_url=url,
        data_dir=Path(os.environ["SELLEROPS_DATA_DIR"]),
        secret_key=os.environ["SELLEROPS_SECRET_KEY"],
    )
    store = Store.open(settings)
    actor = act_as(store, "acme", "owner@acme.example")
    account = list_accounts(actor)[0]

    print("ready", flush=True)
    sys.stdin.readline()
    for index in range(count):
        shipment_id = f"{label}-{index}"
        request = NumberedRequest(account.id, account.gstin, "tax_invoice", shipment_id, "OD1")
        record_numbered_document(
            actor,
            request,
            lambda number, day: f"%PDF-1.4 {number} {day}".encode(),
            Action.DOCUMENT_ISSUE,
        )
    store.close()


if __name__ == "__main__":
    main()
