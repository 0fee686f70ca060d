"""Admin endpoints under `/_sandbox/`: health, faults, tokens, stats, clock, truth, credentials.

They need no token but serve only clients on the loopback interface, and faults never touch
them. Secrets appear only in `/_sandbox/credentials`, which exists to hand them to local tests.
"""

import json
import logging
from datetime import UTC, datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..simulation.geography import CITY_BY_NAME
from .faults import resolve_profile
from .responses import RequestError, json_response, read_json
from .state import sandbox_state

logger = logging.getLogger(__name__)

# Limits of PUT /_sandbox/clock. The marketplace plays every simulated event of a jump while
# the request blocks the event loop, so the cost of one jump grows with the orders it creates.
MAX_CLOCK_SPEED = 1e6  # simulated seconds per real second, about 11.6 simulated days
SECONDS_PER_YEAR = 365.25 * 24 * 3600
MAX_CLOCK_ADVANCE_SECONDS = SECONDS_PER_YEAR
LATEST_CLOCK = datetime(9000, 1, 1, tzinfo=UTC)

# "testclient" is the client host Starlette's TestClient reports.
LOOPBACK_CLIENTS = frozenset({"127.0.0.1", "::1", "localhost", "testclient"})


def _check_loopback(request: Request) -> None:
    host = request.client.host if request.client else None
    if host not in LOOPBACK_CLIENTS:
        raise RequestError(
            f"Admin endpoints serve loopback clients only; the request came from {host!r}.",
            status=403,
            code="FORBIDDEN",
        )


async def health(request: Request) -> Response:
    _check_loopback(request)
    marketplace = sandbox_state(request).marketplace
    return json_response(
        {"status": "ok", "sellers": len(marketplace.sellers), "now": _iso(marketplace.now())}
    )


async def faults(request: Request) -> Response:
    _check_loopback(request)
    injector = sandbox_state(request).faults
    if request.method == "PUT":
        spec = await read_json(request)
        if isinstance(spec, dict) and set(spec) == {"profile"}:
            spec = spec["profile"]
        try:
            profile = resolve_profile(spec)
        except (ValueError, json.JSONDecodeError) as exc:
            raise RequestError(str(exc)) from exc
        injector.set_profile(profile)
        logger.info("Fault profile set to %s", profile.name)
    return json_response(injector.profile.to_json())


async def expire_tokens(request: Request) -> Response:
    _check_loopback(request)
    revoked = sandbox_state(request).tokens.revoke_all()
    logger.info("Revoked %d access tokens on request", revoked)
    return json_response({"revoked": revoked})


async def stats(request: Request) -> Response:
    _check_loopback(request)
    state = sandbox_state(request)
    if request.method == "DELETE":
        state.stats.reset()
        state.faults.reset_counts()
        state.tokens.reset_counts()
    return json_response(
        {
            "token_grants": state.tokens.grant_counts(),
            "requests": state.stats.snapshot(),
            "faults": state.faults.snapshot(),
            "fault_profile": state.faults.profile.name,
        }
    )


async def clock(request: Request) -> Response:
    _check_loopback(request)
    state = sandbox_state(request)
    marketplace = state.marketplace
    if request.method == "PUT":
        body = await read_json(request)
        if not isinstance(body, dict) or not set(body) <= {"speed", "advance_seconds"}:
            raise RequestError('Send {"speed": <simulated s per real s>, "advance_seconds": <s>}.')
        speed = _clock_number(body, "speed", MAX_CLOCK_SPEED)
        advance = _clock_number(body, "advance_seconds", MAX_CLOCK_ADVANCE_SECONDS)
        if advance is not None:
            _check_reachable(marketplace.now(), advance)

        if speed is not None:
            marketplace.set_speed(speed)
            state.clock_speed = speed
        if advance is not None:
            marketplace.advance(advance)
        logger.info("Clock set: speed %s, advanced %s s", state.clock_speed, advance or 0)
    return json_response({"now": _iso(marketplace.now()), "speed": state.clock_speed})


def _clock_number(body: dict, name: str, maximum: float) -> float | None:
    """Return the field `name` as a float, or None when absent. Raise a 400 outside 0..maximum."""
    value = body.get(name)
    if value is None:
        return None
    valid = isinstance(value, int | float) and not isinstance(value, bool)
    if not valid or not 0 <= value <= maximum:
        raise RequestError(f"{name} must be a number between 0 and {maximum:.0f}, got {value!r}.")
    return float(value)


def _check_reachable(now: datetime, advance: float) -> None:
    # datetime stops at the year 9999, so a clock past it would fail every later Date header.
    if now.timestamp() + advance > LATEST_CLOCK.timestamp():
        raise RequestError(
            f"advance_seconds {advance:.0f} would move the clock past {LATEST_CLOCK.date()}; "
            "advance it less."
        )


async def truth(request: Request) -> Response:
    _check_loopback(request)
    marketplace = sandbox_state(request).marketplace
    seller_id = request.query_params.get("seller_id")
    if seller_id is not None and seller_id not in {
        seller.seller_id for seller in marketplace.sellers
    }:
        raise RequestError(
            f"Unknown seller_id {seller_id!r}; see /_sandbox/credentials.",
            status=404,
            code="NOT_FOUND",
        )

    data = await run_in_threadpool(marketplace.truth, seller_id)
    return json_response(data)


async def credentials(request: Request) -> Response:
    _check_loopback(request)
    marketplace = sandbox_state(request).marketplace
    return json_response([seller_credentials(seller) for seller in marketplace.sellers])


def seller_credentials(seller) -> dict:
    """Return the public description and OAuth credentials of one simulated seller."""
    return {
        "seller_id": seller.seller_id,
        "name": seller.name,
        "app_id": seller.app_id,
        "app_secret": seller.app_secret,
        "location_ids": list(seller.location_ids),
        "gstin": seller.gstin,
        "state_code": seller.state_code,
        "state": seller.state,
        "tier": seller.tier,
        "locations": [
            _location(location_id, city)
            for location_id, city in zip(seller.location_ids, seller.location_cities, strict=True)
        ],
    }


def _location(location_id: str, city_name: str) -> dict:
    city = CITY_BY_NAME[city_name]
    return {
        "locationId": location_id,
        "city": city.name,
        "pincode": city.pincode,
        "stateCode": city.state_code,
    }


def _iso(instant: datetime) -> str:
    return instant.isoformat(timespec="milliseconds")


ROUTES = [
    Route("/_sandbox/health", health, methods=["GET"]),
    Route("/_sandbox/faults", faults, methods=["GET", "PUT"]),
    Route("/_sandbox/tokens/expire", expire_tokens, methods=["POST"]),
    Route("/_sandbox/stats", stats, methods=["GET", "DELETE"]),
    Route("/_sandbox/clock", clock, methods=["GET", "PUT"]),
    Route("/_sandbox/truth", truth, methods=["GET"]),
    Route("/_sandbox/credentials", credentials, methods=["GET"]),
]
