"""The page context: who is logged in, to which tenant and store, and which account is shown."""

from __future__ import annotations

from dataclasses import dataclass

from sellerops.security.permissions import Action, Role, is_allowed
from sellerops.services.actor import Actor
from sellerops.settings import Settings
from sellerops.store import Store


@dataclass(frozen=True)
class PageContext:
    """Everything a page's `render(ctx)` needs, made by the router after login.

    `role` is the role at login, used only to hide what the user cannot do. The services
    reload the user's current role at every call, so a page must still call them for each read
    and action.
    """

    actor: Actor
    store: Store
    tenant_slug: str
    account_id: str | None
    role: Role
    settings: Settings

    @property
    def all_accounts(self) -> bool:
        """True when the sidebar shows the tenant-wide view over every seller account."""
        return self.account_id is None

    def can(self, action: Action) -> bool:
        """Return True if the role at login may perform `action`. Use it to hide controls only."""
        return is_allowed(self.role, action)
