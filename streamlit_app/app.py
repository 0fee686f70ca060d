"""The dashboard's entry point: log in, then route to the pages the user's role may open.

Run with `streamlit run streamlit_app/app.py` or `sellerops dashboard`.
"""

from __future__ import annotations

import logging

import streamlit as st

from sellerops.errors import SellerOpsError
from streamlit_app.auth import current_session, log_out, render_login_form, session_timeout
from streamlit_app.components.errors import run_guarded
from streamlit_app.components.sidebar import render_sidebar
from streamlit_app.context import PageContext
from streamlit_app.navigation import PageEntry, visible_pages
from streamlit_app.resources import dashboard_settings, open_store
from streamlit_app.session_cookie import write_cookie

logger = logging.getLogger("streamlit_app")

st.set_page_config(page_title="SellerOps", page_icon=":material/storefront:", layout="wide")

try:
    settings = dashboard_settings()
    store = open_store(settings)
    timeout = session_timeout()
except SellerOpsError as error:
    # A missing key file or a malformed setting: the operator must fix the environment.
    logger.error("Dashboard cannot open the store: %s", error)
    st.error(f"The dashboard cannot start: {error}", icon=":material/error:")
    st.stop()

session = current_session(store, timeout)
if session is None:
    session = render_login_form(store, timeout)
    if session is None:
        st.stop()
    st.rerun()

account_id, logout = render_sidebar(session.actor, session.role.value, session.tenant_slug)
if logout:
    log_out(store, session)
    st.rerun()
with st.sidebar:
    # Renewed with each recorded activity, so a reload within the idle timeout stays logged in.
    write_cookie(session.token, timeout, session.last_seen)

ctx = PageContext(
    actor=session.actor,
    store=store,
    tenant_slug=session.tenant_slug,
    account_id=account_id,
    role=session.role,
    settings=settings,
)


def _page(entry: PageEntry) -> st.Page:
    return st.Page(
        lambda: run_guarded(entry.title, lambda: entry.render(ctx)),
        title=entry.title,
        icon=entry.icon,
        url_path=entry.url_path,
    )


sections: dict[str, list[st.Page]] = {}
for entry in visible_pages(session.role):
    sections.setdefault(entry.section, []).append(_page(entry))
st.navigation(sections).run()
