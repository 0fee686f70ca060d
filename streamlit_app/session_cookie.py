"""The browser cookie that carries the dashboard session token across reloads.

Streamlit (1.67) reads cookies only from the request that opened the browser session's
WebSocket (`st.context.cookies`) and has no API to set one. The dashboard therefore writes
the cookie with a small script run by `st.html(..., unsafe_allow_javascript=True)`, which
runs in the page itself (no iframe), and reads it back on the next page load.

NOTE: a cookie written by a script cannot be HttpOnly, so a script injected into the page
could read the token. Browsers also send a cookie to every port of its host, so other
services on the dashboard's host name (Dagster, the webhook receiver) receive it too.
SameSite=Strict keeps it out of requests started by other sites.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta

import streamlit as st

from sellerops.services.dashboard_sessions import TOKEN_PATTERN

COOKIE_NAME = "sellerops_session"

# Session-state keys. Tests put a mapping of cookie names to values under REQUEST_COOKIES_KEY
# to stand in for the cookies of the opening request, which AppTest (Streamlit 1.67) cannot
# send. The other two record whether this browser session has read or written the cookie.
REQUEST_COOKIES_KEY = "sellerops_request_cookies"
TAKEN_KEY = "sellerops_cookie_taken"
WRITTEN_KEY = "sellerops_cookie_written"
# Keys that must outlive a logout, which clears the rest of the session state.
STATE_KEYS = (REQUEST_COOKIES_KEY, TAKEN_KEY, WRITTEN_KEY)


def take_request_token() -> str | None:
    """Return the session token the browser sent when it opened this page, the first time only.

    The request's cookies stay the same for the whole browser session, even after a logout
    deletes the cookie, so a token is offered once and never resumed again from here.
    """
    if st.session_state.get(TAKEN_KEY):
        return None
    st.session_state[TAKEN_KEY] = True
    return _request_token()


def write_cookie(token: str, max_age: timedelta, renewed_at: datetime) -> None:
    """Store `token` in the browser for `max_age`, counted from now.

    The script runs again only when its text changes, so `renewed_at` (the session's last
    recorded activity) is part of it: each new activity time restarts the cookie's Max-Age.
    """
    if not TOKEN_PATTERN.match(token):
        # The token goes into a script, so anything but a service-made token is rejected.
        raise ValueError("The session token is malformed; start a session to get a new one.")
    script = cookie_script(token, int(max_age.total_seconds()), renewed_at.isoformat())
    st.html(script, unsafe_allow_javascript=True)
    st.session_state[WRITTEN_KEY] = True


def clear_cookie() -> None:
    """Delete the session cookie from the browser, if it sent one or this session wrote one."""
    if _request_token() is not None or st.session_state.get(WRITTEN_KEY):
        st.html(cookie_script("", 0, "cleared"), unsafe_allow_javascript=True)


def cookie_script(token: str, max_age_seconds: int, marker: str) -> str:
    """Return the `<script>` that sets the session cookie; `Max-Age=0` deletes it.

    `marker` goes into a comment of the script, only so that the text differs between
    renewals. The cookie is Secure when the browser loaded the page over https, also when a
    proxy in front of the dashboard terminates TLS.
    """
    if "*/" in marker:
        raise ValueError(f"Cookie script marker {marker!r} contains '*/'; pass a timestamp.")
    attributes = f"; Max-Age={max_age_seconds}; Path=/; SameSite=Strict"
    return (
        f"<script>/* {marker} */ "
        f"document.cookie = {json.dumps(f'{COOKIE_NAME}={token}{attributes}')}"
        ' + (window.location.protocol === "https:" ? "; Secure" : "");'
        "</script>"
    )


def _request_token() -> str | None:
    seeded: Mapping[str, str] | None = st.session_state.get(REQUEST_COOKIES_KEY)
    cookies = st.context.cookies if seeded is None else seeded
    token = cookies.get(COOKIE_NAME)
    # Under AppTest (Streamlit 1.67) the request context is a mock whose values are not text.
    return token if isinstance(token, str) and token else None
