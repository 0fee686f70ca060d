"""Build the sandbox's Starlette app: Flipkart's Seller API routes on top of a `Marketplace`.

Handlers are async and call the marketplace inline because each call is short (a page of 20
shipments); PDF rendering and the ground-truth export run in the thread pool.
"""

from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from ..simulation import Marketplace
from . import actions, admin, downloads, listings, notifier, oauth, returns, selfserve, shipments
from .faults import FaultInjector, FaultProfile, resolve_profile
from .middleware import SandboxMiddleware
from .responses import (
    RequestError,
    method_not_allowed_handler,
    not_found_handler,
    request_error_handler,
)
from .state import SandboxState, ServerSettings


def create_app(
    marketplace: Marketplace,
    faults: str | dict[str, Any] | FaultProfile | None = None,
    *,
    settings: ServerSettings | None = None,
) -> Starlette:
    """Return the ASGI app serving `marketplace`, with the fault profile `faults` switched on.

    `faults` is a profile name (`none`, `light`, `heavy`), a JSON object text, a dict or a
    `FaultProfile`; it can be changed later through `PUT /_sandbox/faults`.
    """
    settings = settings or ServerSettings()
    if settings.max_page_size < settings.page_size:
        raise ValueError(
            f"max_page_size ({settings.max_page_size}) is below page_size ({settings.page_size})."
        )

    state = SandboxState.build(marketplace, settings, FaultInjector(resolve_profile(faults)))
    app = Starlette(
        routes=routes(),
        middleware=[Middleware(SandboxMiddleware, state=state)],
        exception_handlers={
            RequestError: request_error_handler,
            404: not_found_handler,
            405: method_not_allowed_handler,
        },
    )
    app.state.sandbox = state
    app.state.notifier = notifier.Notifier(marketplace)
    return app


def routes() -> list[Route]:
    """Return every route; fixed `/v3/shipments/<word>` paths come before `/{shipment_ids}`."""
    return [
        *oauth.ROUTES,
        *admin.ROUTES,
        *notifier.ROUTES,
        *shipments.ROUTES,
        *actions.ROUTES,
        *downloads.ROUTES,
        *shipments.DETAIL_ROUTES,
        *returns.ROUTES,
        *listings.ROUTES,
        *selfserve.ROUTES,
    ]
