from datetime import UTC, datetime, timedelta

import pytest
from conftest import APP_PATH, APP_TIMEOUT_SECONDS, TENANT, email_of, log_in, navigation_titles
from streamlit.testing.v1 import AppTest

from sellerops.errors import ConfigurationError
from sellerops.security.permissions import Role
from streamlit_app.auth import CLOCK_KEY, session_timeout


class FakeClock:
    """A clock the test moves forward; the app reads it from session state."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 6, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def new_app(clock: FakeClock | None = None) -> AppTest:
    at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT_SECONDS)
    if clock is not None:
        at.session_state[CLOCK_KEY] = clock
    return at.run()


def is_login_form(at: AppTest) -> bool:
    return any(button.label == "Log in" for button in at.button)


def test_login_form_shown_first(app_environment):
    at = new_app()

    assert not at.exception
    assert is_login_form(at)
    assert at.title[0].value == "SellerOps"


def test_owner_login_lands_on_overview(logged_in_app):
    at = logged_in_app(Role.OWNER)

    assert not at.exception
    assert not is_login_form(at)
    assert navigation_titles(at)[0] == "Overview"
    assert at.header[0].value == "Overview"


def test_wrong_password_rejected(app_environment):
    at = new_app()

    log_in(at, TENANT, email_of(Role.MANAGER), "not the password")

    assert not at.exception
    assert is_login_form(at)
    assert "wrong email or password" in at.error[0].value
    assert not at.header


def test_unknown_tenant_rejected(app_environment):
    at = new_app()

    log_in(at, "no-such-tenant", email_of(Role.MANAGER), "whatever password")

    assert is_login_form(at)
    assert "No tenant 'no-such-tenant'" in at.error[0].value


def test_session_expires_after_idle_timeout(app_environment):
    clock = FakeClock()
    at = new_app(clock)
    log_in(at, TENANT, email_of(Role.MANAGER), "correct horse battery staple")
    assert at.header[0].value == "Overview"

    clock.now += timedelta(minutes=29)
    at.run()
    assert at.header[0].value == "Overview"

    clock.now += timedelta(minutes=30, seconds=1)
    at.run()
    assert is_login_form(at)
    assert "after 30 minutes without activity" in at.info[0].value
    assert not at.header


def test_session_timeout_from_environment(app_environment, monkeypatch):
    monkeypatch.setenv("SELLEROPS_SESSION_TIMEOUT_MINUTES", "5")
    clock = FakeClock()
    at = new_app(clock)
    log_in(at, TENANT, email_of(Role.VIEWER), "correct horse battery staple")
    assert at.header[0].value == "Overview"

    clock.now += timedelta(minutes=5, seconds=1)
    at.run()

    assert is_login_form(at)
    assert "after 5 minutes" in at.info[0].value


@pytest.mark.parametrize("raw", ["0", "-3", "ten", "1.5"])
def test_session_timeout_invalid_rejected(raw):
    with pytest.raises(ConfigurationError) as error:
        session_timeout({"SELLEROPS_SESSION_TIMEOUT_MINUTES": raw})

    assert repr(raw) in str(error.value)


def test_session_timeout_default_thirty_minutes():
    assert session_timeout({}) == timedelta(minutes=30)


def test_logout_returns_to_login_form(logged_in_app):
    at = logged_in_app(Role.ACCOUNTANT)

    at.button(key="logout").click()
    at.run()

    assert is_login_form(at)
    assert "You have logged out." in at.info[0].value
    assert not at.header
