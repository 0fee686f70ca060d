"""Sessions that survive a reload, through AppTest.

AppTest (Streamlit 1.67) runs no JavaScript and cannot send cookies, so a reload is a new
AppTest whose opening request carries the cookie through `REQUEST_COOKIES_KEY`, and the
cookie script is checked as the text that the browser would run.
"""

import uuid
from datetime import UTC, datetime, timedelta

from conftest import (
    APP_PATH,
    APP_TIMEOUT_SECONDS,
    EMPTY_TENANT,
    PASSWORD,
    TENANT,
    email_of,
    log_in,
    navigation_titles,
)
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from sellerops.models import DashboardSession
from sellerops.security.permissions import Role
from sellerops.services import add_user, disable_user, set_role
from sellerops.services.dashboard_sessions import hash_token
from streamlit_app.auth import CLOCK_KEY, SESSION_KEY
from streamlit_app.session_cookie import COOKIE_NAME, REQUEST_COOKIES_KEY


class FakeClock:
    """A clock the test moves forward; the app reads it from session state."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 6, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def open_app(token: str | None = None, clock: FakeClock | None = None) -> AppTest:
    """Run the app as a newly loaded page whose request carries `token` in the cookie."""
    at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT_SECONDS)
    at.session_state[REQUEST_COOKIES_KEY] = {COOKIE_NAME: token} if token is not None else {}
    if clock is not None:
        at.session_state[CLOCK_KEY] = clock
    return at.run()


def logged_in(tenant: str, email: str, clock: FakeClock | None = None) -> tuple[AppTest, str]:
    """Log in through the form; return the app and the session token it gave the browser."""
    at = open_app(clock=clock)
    log_in(at, tenant, email, PASSWORD)
    assert not at.exception, at.exception
    return at, at.session_state[SESSION_KEY].token


def is_login_form(at: AppTest) -> bool:
    return any(button.label == "Log in" for button in at.button)


def cookie_scripts(at: AppTest) -> list[str]:
    return [element.body for element in at.html if COOKIE_NAME in element.body]


def stored_session(store, token: str) -> DashboardSession | None:
    with store.operator_read() as session:
        statement = select(DashboardSession).where(DashboardSession.token_hash == hash_token(token))
        return session.scalars(statement).one_or_none()


def test_login_writes_cookie(app_environment):
    at, token = logged_in(TENANT, email_of(Role.MANAGER))

    [script] = cookie_scripts(at)
    assert f"{COOKIE_NAME}={token}; Max-Age=1800; Path=/; SameSite=Strict" in script
    assert '"https:" ? "; Secure"' in script
    assert stored_session(app_environment.store, token).revoked_at is None


def test_reload_resumes_session(app_environment):
    _, token = logged_in(TENANT, email_of(Role.ACCOUNTANT))

    reloaded = open_app(token)

    assert not reloaded.exception
    assert not is_login_form(reloaded)
    assert reloaded.header[0].value == "Overview"
    assert "Audit log" in navigation_titles(reloaded)
    assert len(cookie_scripts(reloaded)) == 1


def test_reload_without_cookie_shows_form(app_environment):
    at = open_app()

    assert is_login_form(at)
    assert not at.info
    assert cookie_scripts(at) == []


def test_reload_after_logout_shows_form(app_environment):
    at, token = logged_in(TENANT, email_of(Role.VIEWER))
    at.button(key="logout").click()
    at.run()
    assert is_login_form(at)
    [clearing] = cookie_scripts(at)
    assert f"{COOKIE_NAME}=; Max-Age=0" in clearing
    assert stored_session(app_environment.store, token).revoke_reason == "logout"

    reloaded = open_app(token)

    assert is_login_form(reloaded)
    assert "because you logged out" in reloaded.info[0].value
    assert f"{COOKIE_NAME}=; Max-Age=0" in cookie_scripts(reloaded)[0]


def test_logout_ignores_request_cookie(app_environment):
    _, token = logged_in(TENANT, email_of(Role.PACKER))
    reloaded = open_app(token)
    assert not is_login_form(reloaded)

    reloaded.button(key="logout").click()
    reloaded.run()
    reloaded.run()

    # The opening request still carries the old cookie, but it is not tried a second time.
    assert is_login_form(reloaded)
    assert not reloaded.header


def test_reload_after_idle_timeout(app_environment):
    clock = FakeClock()
    _, token = logged_in(TENANT, email_of(Role.MANAGER), clock)

    clock.now += timedelta(minutes=30, seconds=1)
    reloaded = open_app(token, clock)

    assert is_login_form(reloaded)
    assert "after 30 minutes without activity" in reloaded.info[0].value
    assert stored_session(app_environment.store, token).revoke_reason == "idle timeout"


def test_reload_within_timeout_renews(app_environment):
    clock = FakeClock()
    _, token = logged_in(TENANT, email_of(Role.MANAGER), clock)

    clock.now += timedelta(minutes=25)
    first = open_app(token, clock)
    clock.now += timedelta(minutes=25)
    second = open_app(token, clock)

    assert not is_login_form(first)
    assert not is_login_form(second)
    assert clock.now.isoformat() in cookie_scripts(second)[0]


def test_malformed_cookie_shows_form(app_environment):
    at = open_app("not-a-session-token</script>")

    assert not at.exception
    assert is_login_form(at)
    assert "no longer valid" in at.info[0].value


def test_role_change_applies_next_run(app_environment):
    owner = app_environment.empty_actor
    email = f"role-{uuid.uuid4().hex[:8]}@{EMPTY_TENANT}.example"
    add_user(owner, email, Role.VIEWER.value, PASSWORD)
    at, token = logged_in(EMPTY_TENANT, email)
    assert "Dispatch" not in navigation_titles(at)

    set_role(owner, email, Role.MANAGER.value)
    at.run()

    assert "Dispatch" in navigation_titles(at)
    assert "Dispatch" in navigation_titles(open_app(token))


def test_disabled_user_logged_out(app_environment):
    owner = app_environment.empty_actor
    email = f"gone-{uuid.uuid4().hex[:8]}@{EMPTY_TENANT}.example"
    add_user(owner, email, Role.VIEWER.value, PASSWORD)
    at, token = logged_in(EMPTY_TENANT, email)

    disable_user(owner, email)
    at.run()

    assert is_login_form(at)
    assert "your user is disabled" in at.info[0].value
    assert is_login_form(open_app(token))
