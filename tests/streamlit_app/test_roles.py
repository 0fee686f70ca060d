"""Which of the insight pages each role sees, and that a hidden page stays out of reach."""

import pytest
from conftest import APP_TIMEOUT_SECONDS, navigation_titles
from streamlit.util import calc_hash

from sellerops.errors import PermissionDeniedError
from sellerops.security.permissions import Action, Role
from sellerops.services.audit_log import list_audit_entries
from sellerops.services.warehouse_reads import published_warehouse

INSIGHT_PAGES = ["Overview", "Orders", "Returns & RTO", "Profit", "Audit log"]
URL_PATHS = {
    "Overview": "overview",
    "Orders": "orders",
    "Returns & RTO": "returns",
    "Profit": "profit",
    "Audit log": "audit-log",
}
# Written out rather than derived from the matrix, so a change to either shows up here.
VISIBLE = {
    Role.OWNER: {"Overview", "Orders", "Returns & RTO", "Profit", "Audit log"},
    Role.MANAGER: {"Overview", "Orders", "Returns & RTO", "Profit"},
    Role.ACCOUNTANT: {"Overview", "Orders", "Returns & RTO", "Profit", "Audit log"},
    Role.PACKER: {"Overview", "Orders"},
    Role.VIEWER: {"Overview", "Orders", "Returns & RTO", "Profit"},
}
SERVICE_READS = {
    "Overview": lambda actor: published_warehouse(actor, Action.DASHBOARD_VIEW),
    "Orders": lambda actor: published_warehouse(actor, Action.ORDER_VIEW),
    "Returns & RTO": lambda actor: published_warehouse(actor, Action.RETURNS_VIEW),
    "Profit": lambda actor: published_warehouse(actor, Action.PROFIT_VIEW),
    "Audit log": lambda actor: list_audit_entries(actor),
}
CASES = [(role, page) for role in Role for page in INSIGHT_PAGES]


@pytest.mark.parametrize("role", list(Role))
def test_navigation_shows_role_pages(logged_in_app, role):
    at = logged_in_app(role)

    shown = set(navigation_titles(at)) & set(INSIGHT_PAGES)

    assert shown == VISIBLE[role]


@pytest.mark.parametrize(("role", "page"), CASES, ids=[f"{r.value}-{p}" for r, p in CASES])
def test_page_per_role(logged_in_app, dashboard, role, page):
    actor = dashboard.actors[role]
    if page in VISIBLE[role]:
        at = logged_in_app(role, page=URL_PATHS[page])

        assert not at.exception
        assert not at.error, [error.value for error in at.error]
        assert at.header[0].value == page
        SERVICE_READS[page](actor)
        return

    at = logged_in_app(role)
    assert page not in navigation_titles(at)

    # A typed-in URL of a hidden page falls back to the landing page.
    at._page_hash = calc_hash(URL_PATHS[page])
    at.run(timeout=APP_TIMEOUT_SECONDS)
    assert at.header[0].value == "Overview"

    with pytest.raises(PermissionDeniedError):
        SERVICE_READS[page](actor)
