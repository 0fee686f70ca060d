"""Background download of shipment details and invoice JSON while a pull is paging."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from ingestion.client.batching import DOCUMENT_IDS_PER_CALL
from ingestion.client.errors import FlipkartError
from ingestion.client.records.details import ShipmentDetails
from ingestion.client.records.invoices import Invoice
from ingestion.client.records.shipments import Shipment
from ingestion.client.shipments import ShipmentsAPI

logger = logging.getLogger("ingestion.client")

DocumentT = TypeVar("DocumentT", ShipmentDetails, Invoice)


@dataclass(frozen=True)
class PullIssue:
    """A per-item problem recorded during a pull instead of being raised."""

    kind: str
    ids: tuple[str, ...]
    message: str


class DocumentFetcher:
    """Queue shipment ids and fetch details (every new version) and invoices (once PACKED).

    Batches of 100 go to a thread pool as soon as they fill; `finish()` sends the rest and
    waits. Flipkart errors are recorded in `issues` instead of being raised.
    """

    def __init__(self, shipments: ShipmentsAPI, workers: int = 4) -> None:
        self._shipments = shipments
        self._pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="documents")
        self._lock = threading.Lock()
        self._pending_details: dict[str, None] = {}
        self._pending_invoices: dict[str, None] = {}
        self._invoice_requested: set[str] = set()
        self._futures: list[Future] = []
        self.details: dict[str, ShipmentDetails] = {}
        self.invoices: dict[str, Invoice] = {}
        self.issues: list[PullIssue] = []

    def offer(self, shipment: Shipment) -> None:
        """Queue the documents a new or changed shipment needs."""
        with self._lock:
            self._pending_details[shipment.shipment_id] = None
            if shipment.is_packed_or_later and shipment.shipment_id not in self._invoice_requested:
                self._invoice_requested.add(shipment.shipment_id)
                self._pending_invoices[shipment.shipment_id] = None
            self._submit_full_batches()

    def finish(self) -> None:
        """Send every queued id, wait for all downloads and stop the pool."""
        with self._lock:
            self._submit(self._pending_details, "details")
            self._submit(self._pending_invoices, "invoices")
        for future in list(self._futures):
            future.result()
        self._pool.shutdown(wait=True)

    def _submit_full_batches(self) -> None:
        if len(self._pending_details) >= DOCUMENT_IDS_PER_CALL:
            self._submit(self._pending_details, "details")
        if len(self._pending_invoices) >= DOCUMENT_IDS_PER_CALL:
            self._submit(self._pending_invoices, "invoices")

    def _submit(self, pending: dict[str, None], kind: str) -> None:
        ids = list(pending)
        pending.clear()
        for start in range(0, len(ids), DOCUMENT_IDS_PER_CALL):
            batch = ids[start : start + DOCUMENT_IDS_PER_CALL]
            if kind == "details":
                task = self._fetch(batch, kind, self._shipments.details, self.details)
            else:
                task = self._fetch(batch, kind, self._shipments.invoices, self.invoices)
            self._futures.append(self._pool.submit(task))

    def _fetch(
        self,
        batch: Sequence[str],
        kind: str,
        download: Callable[[Sequence[str]], list[DocumentT]],
        target: dict[str, DocumentT],
    ) -> Callable[[], None]:
        def run() -> None:
            try:
                documents = download(batch)
            except FlipkartError as error:
                logger.warning("Could not fetch %s for %d shipments: %s", kind, len(batch), error)
                self._record(kind, batch, str(error))
                return

            returned = set()
            with self._lock:
                for document in documents:
                    target[document.shipment_id] = document
                    returned.add(document.shipment_id)
            missing = [shipment_id for shipment_id in batch if shipment_id not in returned]
            if missing:
                self._record(kind, missing, f"Flipkart returned no {kind} for these shipments.")

        return run

    def _record(self, kind: str, ids: Sequence[str], message: str) -> None:
        with self._lock:
            self.issues.append(PullIssue(kind, tuple(ids), message))
