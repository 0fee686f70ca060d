"""One ASGI middleware for every request: counting, fault injection, bearer-token checks and
the `Date` header.

A single pure-ASGI layer keeps the per-request overhead small for the benchmark. Every response
carries a `Date` header from the simulated clock (uvicorn's own is switched off), so a client
can read the server's time as it would read Flipkart's. Paths under
`/sellers` are the Seller API: they meet faults (except the `/sandbox/` self-serve hooks) and
need `Authorization: Bearer <token>`. Other paths (token endpoint, admin) pass straight through.
"""

import asyncio
import logging
from datetime import UTC
from email.utils import format_datetime

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .faults import FaultDecision, FaultKind
from .responses import encode_json, error_body
from .state import SELLER_SCOPE_KEY, SandboxState

logger = logging.getLogger(__name__)

API_PREFIX = "/sellers"
SELF_SERVE_MARKER = "/sandbox/"
MISSING_AUTH = "Full authentication is required to access this resource"


class ConnectionDropped(Exception):
    """Raised after half a response body was sent, so the server closes the connection."""


class SandboxMiddleware:
    def __init__(self, app: ASGIApp, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        status: list[int | str] = [0]

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", ()), self._date_header()]
            await send(message)

        try:
            path: str = scope["path"]
            if path.startswith(API_PREFIX):
                await self._api(scope, receive, counting_send, status)
            else:
                await self.app(scope, receive, counting_send)
        finally:
            self.state.stats.record(self._route_key(scope), status[0])

    async def _api(
        self, scope: Scope, receive: Receive, send: Send, status: list[int | str]
    ) -> None:
        decision = FaultDecision()
        if SELF_SERVE_MARKER not in scope["path"]:
            decision = self.state.faults.decide()

        if decision.expire_tokens:
            revoked = self.state.tokens.revoke_all()
            logger.debug("Fault: revoked %d access tokens", revoked)
        if decision.delay:
            await asyncio.sleep(decision.delay)
        if decision.status is not None:
            await _send_fault(send, decision)
            return

        seller_id = self._authenticate(scope)
        if seller_id is None:
            logger.debug(
                "Rejected %s %s: missing or invalid bearer token", scope["method"], scope["path"]
            )
            await _send_unauthorized(scope, send)
            return
        scope[SELLER_SCOPE_KEY] = seller_id

        if decision.drop:
            await self.app(scope, receive, self._cutting_send(send, status))
        else:
            await self.app(scope, receive, send)

    def _date_header(self) -> tuple[bytes, bytes]:
        now = self.state.marketplace.now()
        return (b"date", format_datetime(now.astimezone(UTC), usegmt=True).encode("ascii"))

    def _authenticate(self, scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name == b"authorization":
                scheme, _, token = value.decode("latin-1").partition(" ")
                if scheme.lower() != "bearer" or not token.strip():
                    return None
                return self.state.tokens.seller_for(token.strip())
        return None

    def _cutting_send(self, send: Send, status: list[int | str]) -> Send:
        faults = self.state.faults

        async def cutting_send(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
                return

            body: bytes = message.get("body", b"")
            await send(
                {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
            )
            faults.record(FaultKind.DROPPED_CONNECTION)
            status[0] = "dropped"
            logger.debug(
                "Fault: dropped the connection after %d of %d bytes", len(body) // 2, len(body)
            )
            raise ConnectionDropped(
                "The sandbox cut this response on purpose (dropped-connection fault)."
            )

        return cutting_send

    @staticmethod
    def _route_key(scope: Scope) -> str:
        method = scope.get("method", "?")
        route = scope.get("route")
        if route is None:
            route = _match_route(scope)
        if route is None:
            return f"{method} (no route)"
        return f"{method} {route.path}"


def _match_route(scope: Scope) -> object | None:
    """Find the route a request would reach, for stats when a fault responded before routing."""
    app = scope.get("app")
    router = getattr(app, "router", None)
    for route in getattr(router, "routes", ()):
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route
    return None


async def _send_fault(send: Send, decision: FaultDecision) -> None:
    headers = [(b"content-type", b"application/json")]
    if decision.status == 429:
        if decision.retry_after is not None:
            headers.append((b"retry-after", str(decision.retry_after).encode()))
        body = encode_json(
            error_body("TOO_MANY_REQUESTS", "Too many requests; slow down and retry.")
        )
    elif decision.status == 503:
        headers = [(b"content-type", b"text/html; charset=utf-8")]
        body = b"<html><body><h1>503 Service Unavailable</h1></body></html>"
    else:
        message = "A dependent system call failed; retry the request."
        body = encode_json(error_body("DEPENDENT_SYSTEM_CALL_FAILED", message))

    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": decision.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_unauthorized(scope: Scope, send: Send) -> None:
    token = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            token = value.decode("latin-1").partition(" ")[2].strip()

    if token:
        payload = {"error": "invalid_token", "error_description": f"Invalid access token: {token}"}
        challenge = b'Bearer error="invalid_token"'
    else:
        payload = {"error": "unauthorized", "error_description": MISSING_AUTH}
        challenge = b"Bearer"

    body = encode_json(payload)
    headers = [
        (b"content-type", b"application/json"),
        (b"www-authenticate", challenge),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})
