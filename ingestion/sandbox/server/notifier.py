"""Push notifications from the sandbox: each shipment change, signed and posted to a seller's URL.

Off until a subscription is made through `PUT /_sandbox/notifications` with
`{"sellerId": "...", "url": "..."}`; `DELETE` with the same `sellerId` ends it and `GET` shows
the subscriptions and delivery counts. A background thread polls the marketplace for changed
shipments every `POLL_SECONDS`, turns each change into Flipkart's envelopes and posts them one
at a time, in order, signed with the seller's app secret. A post that does not return 200 is
retried after each delay of `RETRY_DELAYS_SECONDS`, then dropped with a warning.
"""

import json
import logging
import threading
from collections import deque
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..simulation import Marketplace
from .admin import _check_loopback
from .notification_events import (
    ShipmentState,
    authorization_header,
    notifications,
    shipment_state,
    x_date,
)
from .responses import RequestError, json_response, read_json

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.2
RETRY_DELAYS_SECONDS = (0.5, 1.0, 2.0, 4.0)
SEND_TIMEOUT_SECONDS = 10.0
MAX_URL_LENGTH = 2000


class Notifier:
    """Sends the marketplace's shipment changes to the subscribed sellers' URLs."""

    def __init__(
        self,
        marketplace: Marketplace,
        *,
        retry_delays: Sequence[float] = RETRY_DELAYS_SECONDS,
    ) -> None:
        self._marketplace = marketplace
        self._retry_delays = tuple(retry_delays)
        self._sellers = {seller.seller_id: seller for seller in marketplace.sellers}
        self._subscriptions: dict[str, str] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._queue: deque[tuple[str, dict]] = deque()
        self.sent = 0
        self.failed = 0

    def subscribe(self, seller_id: str, url: str) -> None:
        """Send the seller's notifications to `url` from now on; start the thread if needed."""
        if seller_id not in self._sellers:
            raise ValueError(f"Unknown sellerId {seller_id!r}; see /_sandbox/credentials.")
        _check_url(url)
        with self._lock:
            self._subscriptions[seller_id] = url
            if self._thread is None:
                # The baseline is taken before returning, so a change made right after
                # subscribing is always notified.
                version, states = self._baseline()
                self._stop.clear()
                self._thread = threading.Thread(
                    target=self._run, args=(version, states), name="sandbox-notifier", daemon=True
                )
                self._thread.start()
        logger.info("Notifications of seller %s go to %s", seller_id, url)

    def unsubscribe(self, seller_id: str) -> bool:
        """Stop sending the seller's notifications; return False if it had no subscription."""
        with self._lock:
            removed = self._subscriptions.pop(seller_id, None) is not None
        if removed:
            logger.info("Notifications of seller %s stopped", seller_id)
        return removed

    def close(self) -> None:
        """Stop the thread; notifications not yet sent are dropped."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(SEND_TIMEOUT_SECONDS)
        self._thread = None

    def status(self) -> dict:
        with self._lock:
            return {
                "subscriptions": dict(self._subscriptions),
                "sent": self.sent,
                "failed": self.failed,
                "queued": len(self._queue),
            }

    def _run(self, version: int, states: dict[str, ShipmentState]) -> None:
        with httpx.Client(timeout=SEND_TIMEOUT_SECONDS) as http:
            while not self._stop.is_set():
                try:
                    version, states = self._poll(http, version, states)
                except Exception:
                    # The thread is the only sender, so it logs and carries on.
                    logger.exception("Notification poll failed; trying again")
                self._stop.wait(POLL_SECONDS)

    def _poll(
        self, http: httpx.Client, version: int, states: dict[str, ShipmentState]
    ) -> tuple[int, dict[str, ShipmentState]]:
        version, changes = self._marketplace.shipment_changes(version)
        if changes is None:
            logger.warning("Change log lost its oldest entries; notifying from now on")
            return self._baseline()
        for change in changes:
            self._enqueue(change, states)
        self._deliver_all(http)
        return version, states

    def _baseline(self) -> tuple[int, dict[str, ShipmentState]]:
        version, changes = self._marketplace.shipment_changes(None)
        states = {
            change["shipment"]["shipmentId"]: shipment_state(change) for change in changes or []
        }
        return version, states

    def _enqueue(self, change: dict, states: dict[str, ShipmentState]) -> None:
        shipment_id = change["shipment"]["shipmentId"]
        envelopes = notifications(states.get(shipment_id), change)
        states[shipment_id] = shipment_state(change)
        with self._lock:
            if change["sellerId"] not in self._subscriptions:
                return
            self._queue.extend((change["sellerId"], envelope) for envelope in envelopes)

    def _deliver_all(self, http: httpx.Client) -> None:
        while not self._stop.is_set():
            with self._lock:
                if not self._queue:
                    return
                seller_id, envelope = self._queue[0]
                url = self._subscriptions.get(seller_id)
            if url is not None and not self._deliver(http, seller_id, url, envelope):
                with self._lock:
                    self.failed += 1
            elif url is not None:
                with self._lock:
                    self.sent += 1
            with self._lock:
                self._queue.popleft()

    def _deliver(self, http: httpx.Client, seller_id: str, url: str, envelope: dict) -> bool:
        seller = self._sellers[seller_id]
        body = json.dumps(envelope, separators=(",", ":")).encode()
        label = f"{envelope['eventType']} of seller {seller_id}"
        for attempt, delay in enumerate((*self._retry_delays, None), start=1):
            sent_at = datetime.now(UTC)
            headers = {
                "Content-Type": "application/json",
                "X_Date": x_date(sent_at),
                "X_Authorization": authorization_header(
                    seller.app_id, seller.app_secret, url, "POST", sent_at
                ),
            }
            try:
                status = http.post(url, content=body, headers=headers).status_code
            except httpx.HTTPError as error:
                status, reason = None, f"{type(error).__name__}: {error}"
            else:
                reason = f"HTTP {status}"
            if status == 200:
                logger.info("Sent %s to %s (attempt %d)", label, url, attempt)
                return True
            if delay is None or self._stop.wait(delay):
                break
            logger.info("Notification %s failed (%s); retrying in %.1f s", label, reason, delay)
        logger.warning("Dropped notification %s after %d attempts (%s)", label, attempt, reason)
        return False


def _check_url(url: object) -> None:
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH:
        raise ValueError(f"url must be an http(s) URL of at most {MAX_URL_LENGTH} characters.")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"url {url[:100]!r} is not an http(s) URL with a host.")


def notifier_of(request: Request) -> Notifier:
    return request.app.state.notifier


async def subscriptions(request: Request) -> Response:
    _check_loopback(request)
    notifier = notifier_of(request)
    if request.method in ("PUT", "DELETE"):
        body = await read_json(request)
        if not isinstance(body, dict) or not isinstance(body.get("sellerId"), str):
            raise RequestError('Send {"sellerId": "<seller id>", "url": "<receiver URL>"}.')
        seller_id = body["sellerId"]
        if request.method == "PUT":
            try:
                notifier.subscribe(seller_id, body.get("url"))
            except ValueError as error:
                raise RequestError(str(error)) from error
        elif not notifier.unsubscribe(seller_id):
            raise RequestError(
                f"Seller {seller_id!r} has no subscription.", status=404, code="NOT_FOUND"
            )
    return json_response(notifier.status())


ROUTES = [Route("/_sandbox/notifications", subscriptions, methods=["GET", "PUT", "DELETE"])]
