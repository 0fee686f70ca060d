"""The state one sandbox app holds: the marketplace, OAuth tokens, faults, counters, settings."""

from dataclasses import dataclass, field

from starlette.requests import Request

from ..simulation import Marketplace
from .faults import FaultInjector
from .stats import RequestStats
from .tokens import ACCESS_TOKEN_LIFETIME, Client, TokenStore

SELLER_SCOPE_KEY = "sandbox.seller_id"


@dataclass(frozen=True)
class ServerSettings:
    """Limits and defaults of the HTTP layer."""

    page_size: int = 20  # shipment filter page size when the request gives none
    max_page_size: int = 20  # larger requested sizes are cut to this
    returns_page_size: int = 25  # returns per page, as Flipkart documents
    listing_page_size: int = 500  # listings per search page, as Flipkart documents
    access_token_lifetime: float = ACCESS_TOKEN_LIFETIME


@dataclass
class SandboxState:
    marketplace: Marketplace
    settings: ServerSettings
    tokens: TokenStore
    faults: FaultInjector
    stats: RequestStats = field(default_factory=RequestStats)
    # The marketplace exposes no getter for its clock speed, so the server tracks the speed
    # it last set. A `set_speed` call made outside the admin endpoint is not seen here.
    clock_speed: float = 0.0

    @classmethod
    def build(
        cls, marketplace: Marketplace, settings: ServerSettings, faults: FaultInjector
    ) -> "SandboxState":
        clients = [
            Client(seller.app_id, seller.app_secret, seller.seller_id)
            for seller in marketplace.sellers
        ]
        tokens = TokenStore(clients, access_lifetime=settings.access_token_lifetime)
        return cls(marketplace, settings, tokens, faults, clock_speed=marketplace.config.speed)


def sandbox_state(request: Request) -> SandboxState:
    return request.app.state.sandbox


def seller_id_of(request: Request) -> str:
    """Return the seller the request's bearer token belongs to (set by the middleware)."""
    return request.scope[SELLER_SCOPE_KEY]
