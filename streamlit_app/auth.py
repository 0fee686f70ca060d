"""Login form against the operational core, idle session timeout and logout.

The session keeps the actor (ids only) and the role seen at login. Every run of the script
checks the idle time first, so an expired session shows the login form again before any page
reads data.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import streamlit as st

from sellerops.errors import ConfigurationError, LoginError, NotFoundError, SellerOpsError
from sellerops.models import utc_now
from sellerops.security.permissions import Action, Role
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize
from sellerops.services.login import login
from sellerops.store import Store

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
    """A logged-in user: the actor, the role at login and the time of the last request."""

    actor: Actor
    role: Role
    tenant_slug: str
    last_seen: datetime


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


def is_expired(last_seen: datetime, now: datetime, timeout: timedelta) -> bool:
    """Return True when more than `timeout` passed between `last_seen` and `now`."""
    return now - last_seen > timeout


def current_session(timeout: timedelta) -> LoginSession | None:
    """Return the live session and count this request as activity, or end an idle session.

    An expired session is removed and a notice is left for the login form.
    """
    session: LoginSession | None = st.session_state.get(SESSION_KEY)
    if session is None:
        return None

    now = _clock()()
    if is_expired(session.last_seen, now, timeout):
        minutes = int(timeout.total_seconds() // 60)
        logger.info("Session of %s expired after %d idle minutes", session.actor.label, minutes)
        end_session(f"Your session ended after {minutes} minutes without activity; log in again.")
        return None

    session.last_seen = now
    return session


def end_session(notice: str = "") -> None:
    """Forget the logged-in user and every cached choice of this browser session."""
    for key in list(st.session_state.keys()):
        if key != CLOCK_KEY:
            del st.session_state[key]
    if notice:
        st.session_state[NOTICE_KEY] = notice


def render_login_form(store: Store) -> LoginSession | None:
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
    if not submitted:
        return None

    try:
        session = start_session(store, tenant.strip(), email, password)
    except (LoginError, NotFoundError) as error:
        st.error(str(error))
        return None
    except SellerOpsError as error:
        logger.warning("Login of %r in tenant %r failed: %s", email, tenant, error)
        st.error(str(error))
        return None

    st.session_state[SESSION_KEY] = session
    return session


def start_session(store: Store, tenant_slug: str, email: str, password: str) -> LoginSession:
    """Log in through the service layer and read the user's current role."""
    actor = login(store, tenant_slug, email, password, now=_clock())
    # Every role may view its tenant, so this returns the role or rejects a disabled user.
    role = authorize(actor, Action.TENANT_VIEW, object_type="tenant", object_id=actor.tenant_id)
    logger.info("Dashboard login of %s in tenant %s as %s", actor.label, tenant_slug, role)
    return LoginSession(actor, Role(role), tenant_slug, _clock()())


def _clock() -> Callable[[], datetime]:
    return st.session_state.get(CLOCK_KEY, utc_now)
