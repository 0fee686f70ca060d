"""Login form against the operational core, sessions that survive a reload, and logout.

A login starts a session in the operational store, and the browser keeps its token in a
cookie (`streamlit_app.session_cookie`). Every run of the script resumes the session through
the service layer first, which checks the idle timeout, revocation and the user's status and
reads the role again. An ended session shows the login form before any page reads data.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import streamlit as st

from sellerops.errors import (
    ConfigurationError,
    LoginError,
    NotFoundError,
    SellerOpsError,
    SessionEndedError,
)
from sellerops.models import utc_now
from sellerops.security.permissions import Role
from sellerops.services import dashboard_sessions
from sellerops.services.actor import Actor
from sellerops.services.login import login
from sellerops.store import Store
from streamlit_app import session_cookie
from streamlit_app.components.formatting import plain

logger = logging.getLogger("streamlit_app")

SESSION_TIMEOUT_VARIABLE = "SELLEROPS_SESSION_TIMEOUT_MINUTES"
DEFAULT_SESSION_TIMEOUT_MINUTES = 30
TENANT_VARIABLE = "SELLEROPS_DASHBOARD_TENANT"
DEFAULT_TENANT = "demo"

# Session-state keys. Tests put a callable returning an aware UTC datetime under CLOCK_KEY to
# move time forward without waiting.
SESSION_KEY = "sellerops_session"
CLOCK_KEY = "sellerops_clock"
NOTICE_KEY = "sellerops_login_notice"


@dataclass
class LoginSession:
    """A logged-in user: the actor, the role at the last request, and the session's token."""

    actor: Actor
    role: Role
    tenant_slug: str
    last_seen: datetime
    token: str = field(repr=False)


def session_timeout(environ: Mapping[str, str] | None = None) -> timedelta:
    """Return the idle timeout from SELLEROPS_SESSION_TIMEOUT_MINUTES (default 30 minutes)."""
    env = os.environ if environ is None else environ
    raw = env.get(SESSION_TIMEOUT_VARIABLE, "")
    if raw == "":
        return timedelta(minutes=DEFAULT_SESSION_TIMEOUT_MINUTES)
    try:
        minutes = int(raw)
    except ValueError:
        minutes = 0
    if minutes < 1:
        raise ConfigurationError(
            f"{SESSION_TIMEOUT_VARIABLE}={raw!r} is not a positive whole number of minutes; "
            f"set it to e.g. {DEFAULT_SESSION_TIMEOUT_MINUTES}."
        )
    return timedelta(minutes=minutes)


def current_session(store: Store, timeout: timedelta) -> LoginSession | None:
    """Return the live session and count this request as activity, or forget an ended one.

    The token comes from this browser session, or after a reload from the cookie the browser
    sent. An ended session is forgotten and its reason left as a notice for the login form.
    """
    known: LoginSession | None = st.session_state.get(SESSION_KEY)
    token = known.token if known is not None else session_cookie.take_request_token()
    if token is None:
        return None

    try:
        active = dashboard_sessions.resume_session(store, token, timeout, now=_clock())
    except SessionEndedError as error:
        forget_session(str(error))
        return None

    session = _login_session(active, token)
    st.session_state[SESSION_KEY] = session
    return session


def log_out(store: Store, session: LoginSession) -> None:
    """End the session in the store (audited) and forget it in this browser session."""
    dashboard_sessions.end_session(store, session.token, now=_clock())
    forget_session("You have logged out.")


def forget_session(notice: str = "") -> None:
    """Forget the logged-in user and every cached choice of this browser session.

    The test clock and the cookie bookkeeping stay, so the login form can delete the cookie.
    """
    preserved_keys = {CLOCK_KEY, *session_cookie.STATE_KEYS}
    for key in list(st.session_state.keys()):
        if key not in preserved_keys:
            del st.session_state[key]
    if notice:
        st.session_state[NOTICE_KEY] = notice


def render_login_form(store: Store, timeout: timedelta) -> LoginSession | None:
    """Show the login form and return the new session after a successful login."""
    st.title("SellerOps")
    st.caption("Log in to your seller back office.")
    notice = st.session_state.pop(NOTICE_KEY, "")
    if notice:
        st.info(notice)

    with st.form("login"):
        tenant = st.text_input(
            "Tenant", value=os.environ.get(TENANT_VARIABLE, DEFAULT_TENANT), key="login_tenant"
        )
        email = st.text_input("Email", key="login_email")
        password = st.text_input("Password", type="password", key="login_password")
        submitted = st.form_submit_button("Log in", type="primary")
    session_cookie.clear_cookie()
    if not submitted:
        return None

    try:
        session = start_session(store, tenant.strip(), email, password, timeout)
    except (LoginError, NotFoundError) as error:
        st.error(plain(error))
        return None
    except SellerOpsError as error:
        logger.warning("Login of %r in tenant %r failed: %s", email, tenant, error)
        st.error(plain(error))
        return None

    st.session_state[SESSION_KEY] = session
    return session


def start_session(
    store: Store, tenant_slug: str, email: str, password: str, timeout: timedelta
) -> LoginSession:
    """Log in through the service layer and start a dashboard session with the current role."""
    actor = login(store, tenant_slug, email, password, now=_clock())
    started = dashboard_sessions.start_session(actor, timeout, now=_clock())
    logger.info(
        "Dashboard login of %s in tenant %s as %s", actor.label, tenant_slug, started.session.role
    )
    return _login_session(started.session, started.token)


def _login_session(active: dashboard_sessions.ActiveSession, token: str) -> LoginSession:
    return LoginSession(
        actor=active.actor,
        role=active.role,
        tenant_slug=active.tenant_slug,
        last_seen=active.last_seen_at,
        token=token,
    )


def _clock() -> Callable[[], datetime]:
    return st.session_state.get(CLOCK_KEY, utc_now)
