"""The webhook receiver: a Starlette app that accepts Flipkart's push notifications.

Flipkart is registered with one URL per seller account,
`<public URL>/flipkart/notifications/<account id>`. Responses: 200 for every valid event (a
redelivery and an unknown type too, because an unacknowledged event blocks later events of its
group), 401 for a missing, stale or wrong signature, 404 for an unknown account, 400 for a
body that is not JSON, 413 for a body over the size limit and 422 for JSON that is not an
envelope. Each answer is logged as one line without secrets, with control characters of
request values escaped so a crafted URL or body cannot forge further log lines.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from sellerops.errors import NotFoundError
from sellerops.services.webhook_events import NotificationRequest, receive_notification
from sellerops.store import Store
from sellerops.webhooks.envelope import MalformedBodyError
from sellerops.webhooks.signature import SignatureError

logger = logging.getLogger("sellerops.webhooks")

NOTIFICATION_PATH = "/flipkart/notifications/{account_id}"
# The largest documented notification, shipment_created, is a few kilobytes per order item.
MAX_BODY_BYTES = 256 * 1024
# Flipkart's header names contain underscores. Some proxies drop such headers by default
# (nginx unless `underscores_in_headers on`).
DATE_HEADER = "X_Date"
AUTHORIZATION_HEADER = "X_Authorization"


class BodyTooLargeError(ValueError):
    """The request body is over the receiver's size limit."""


def create_app(
    store: Store, *, public_url: str | None = None, max_body_bytes: int = MAX_BODY_BYTES
) -> Starlette:
    """Return the receiver app writing to `store`.

    `public_url` is the scheme and host Flipkart posts to (e.g. `https://hooks.example.com`)
    when a proxy sits in front of the receiver. The signature covers the full URL, so without
    it the URL is rebuilt from the request's own scheme, Host header, path and query.
    """
    if max_body_bytes <= 0:
        raise ValueError(f"max_body_bytes must be positive, got {max_body_bytes}.")
    base_url = public_url.rstrip("/") if public_url else None

    async def notification(request: Request) -> JSONResponse:
        account_id = request.path_params["account_id"]
        try:
            body = await _read_body(request, max_body_bytes)
            received = await run_in_threadpool(
                receive_notification,
                store,
                NotificationRequest(
                    account_id=account_id,
                    url=_signed_url(request, base_url),
                    method=request.method,
                    x_date=request.headers.get(DATE_HEADER),
                    x_authorization=request.headers.get(AUTHORIZATION_HEADER),
                    body=body,
                ),
            )
        except BodyTooLargeError as error:
            return _reject(413, account_id, str(error))
        except NotFoundError:
            return _reject(404, account_id, "unknown or deactivated seller account")
        except SignatureError as error:
            return _reject(401, account_id, error.reason)
        except MalformedBodyError as error:
            return _reject(error.status, account_id, str(error))
        except SQLAlchemyError as error:
            # Flipkart delivers again later, so a store outage loses no event. SQLAlchemy's
            # message lists statement parameters, so only the error type is logged.
            logger.error(
                "Webhook 503: account %s, the operational store failed (%s)",
                _loggable(account_id),
                type(error).__name__,
            )
            return JSONResponse(
                {"status": "unavailable", "reason": "the operational store failed"},
                status_code=503,
            )

        outcome = "stored" if received.is_new else "duplicate"
        logger.info(
            "Webhook 200: account %s, %s %s, event %s %s%s",
            _loggable(account_id),
            _loggable(received.event_type),
            _loggable(received.entity_id or "-"),
            received.event_id,
            outcome,
            "" if received.is_actionable else " (not actionable)",
        )
        return JSONResponse(
            {"status": outcome, "eventId": received.event_id, "actionable": received.is_actionable}
        )

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route(NOTIFICATION_PATH, notification, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
        ]
    )


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLargeError(f"Body of {declared} bytes is over the limit of {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLargeError(f"Body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _signed_url(request: Request, base_url: str | None) -> str:
    if base_url is None:
        return str(request.url)
    query = request.url.query
    return f"{base_url}{request.url.path}" + (f"?{query}" if query else "")


def _reject(status: int, account_id: str, reason: str) -> JSONResponse:
    logger.warning(
        "Webhook %d: account %s, %s", status, _loggable(account_id), _loggable(reason, 300)
    )
    return JSONResponse({"status": "rejected", "reason": reason}, status_code=status)


def _loggable(text: str, limit: int = 80) -> str:
    """Cut `text` to `limit` characters and escape it when it contains a newline or another
    unprintable character, so one request stays one log line."""
    clipped = text[:limit]
    if clipped.isprintable():
        return clipped
    return clipped.encode("unicode_escape").decode("ascii")
