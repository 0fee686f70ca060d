"""The one table of dashboard pages: title, icon, render function and the Action a role needs.

The router shows a page only to roles with its Action. Hiding is not the protection: every
read and action a page makes goes through a service that checks the permission matrix again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sellerops.security.permissions import Action, Role, is_allowed
from streamlit_app.context import PageContext
from streamlit_app.views import (
    audit_log,
    dispatch,
    inbox,
    intelligence,
    inventory,
    orders,
    overview,
    profit,
    reports,
    returns,
    settings,
)


@dataclass(frozen=True)
class PageEntry:
    """One page of the dashboard, with `url_path` as its address in the browser."""

    title: str
    icon: str
    url_path: str
    render: Callable[[PageContext], None]
    action: Action
    section: str


INSIGHTS = "Insights"
OPERATIONS = "Operations"
ADMINISTRATION = "Administration"

# Each page module exposes `render(ctx: PageContext) -> None`. Rows appear in this order in
# the sidebar, grouped by section; the first visible row is the landing page.
PAGES: list[PageEntry] = [
    PageEntry(
        "Overview",
        ":material/dashboard:",
        "overview",
        overview.render,
        Action.DASHBOARD_VIEW,
        INSIGHTS,
    ),
    PageEntry(
        "Orders", ":material/receipt_long:", "orders", orders.render, Action.ORDER_VIEW, INSIGHTS
    ),
    PageEntry(
        "Returns & RTO",
        ":material/assignment_return:",
        "returns",
        returns.render,
        Action.RETURNS_VIEW,
        INSIGHTS,
    ),
    PageEntry(
        "Profit", ":material/currency_rupee:", "profit", profit.render, Action.PROFIT_VIEW, INSIGHTS
    ),
    PageEntry(
        "Dispatch",
        ":material/local_shipping:",
        "dispatch",
        dispatch.render,
        Action.DISPATCH_VIEW,
        OPERATIONS,
    ),
    PageEntry(
        "Inventory",
        ":material/inventory_2:",
        "inventory",
        inventory.render,
        Action.STOCK_VIEW,
        OPERATIONS,
    ),
    PageEntry(
        "Reports", ":material/summarize:", "reports", reports.render, Action.REPORT_VIEW, OPERATIONS
    ),
    PageEntry(
        "Audit log",
        ":material/history:",
        "audit-log",
        audit_log.render,
        Action.AUDIT_READ,
        ADMINISTRATION,
    ),
    PageEntry(
        "Settings",
        ":material/settings:",
        "settings",
        settings.render,
        Action.ACCOUNT_LIST,
        ADMINISTRATION,
    ),
    PageEntry(
        "Alerts", ":material/notifications:", "alerts", inbox.render, Action.ALERT_VIEW, OPERATIONS
    ),
    PageEntry(
        "Intelligence",
        ":material/insights:",
        "intelligence",
        intelligence.render,
        Action.PROFIT_VIEW,
        INSIGHTS,
    ),
]


def visible_pages(role: Role | str) -> list[PageEntry]:
    """Return the pages `role` may open, in table order."""
    return [page for page in PAGES if is_allowed(role, page.action)]


def find_page(url_path: str) -> PageEntry:
    """Return the page at `url_path`, or raise KeyError listing the known paths."""
    for page in PAGES:
        if page.url_path == url_path:
            return page
    known = ", ".join(page.url_path for page in PAGES)
    raise KeyError(f"No dashboard page at {url_path!r}; known pages: {known}.")
