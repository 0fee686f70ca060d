"""A dashboard login survives a browser reload, and a logout does not, in headless Chromium.

`sellerops dashboard` serves a temporary SQLite store with one tenant and its owner on a free
127.0.0.1 port. The tenant has no warehouse yet, so the pages show their empty state.
Playwright drives Debian's Chromium (`make browser` installs it).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM,
    PAGE_TIMEOUT_MS,
    clean_environment,
    wait_until_healthy,
)
from sqlalchemy import select

from sellerops.db import upgrade_to_head
from sellerops.models import DashboardSession
from sellerops.services import create_tenant, ensure_default_plan
from sellerops.services.dashboard_sessions import end_session, hash_token
from sellerops.settings import PasswordHashing, Settings
from sellerops.store import Store
from tests.network import free_port

pytestmark = pytest.mark.timeout(180)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SELLEROPS = str(Path(sys.executable).with_name("sellerops"))
TENANT = "shop"
OWNER = "owner@shop.example"
PASSWORD = "correct horse battery staple"
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)
TIMEOUT_MINUTES = 30
COOKIE = "sellerops_session"
STARTUP_SECONDS = 90

playwright_api = pytest.importorskip("playwright.sync_api")


@dataclass(frozen=True)
class Dashboard:
    url: str
    store: Store


def provision(data_dir: Path) -> Store:
    """Create the store, its key file and tenant `shop` with its owner."""
    store = Store.open(Settings(data_dir=data_dir, password_hashing=FAST_HASHING), create_key=True)
    upgrade_to_head(store.engine)
    ensure_default_plan(store, "operator:test")
    create_tenant(
        store,
        "operator:test",
        slug=TENANT,
        name="Shop",
        owner_email=OWNER,
        owner_password=PASSWORD,
    )
    return store


def dashboard_environment(data_dir: Path) -> dict[str, str]:
    environment = clean_environment()
    environment.update(
        {
            "SELLEROPS_DATA_DIR": str(data_dir),
            "SELLEROPS_ARGON2_TIME_COST": str(FAST_HASHING.time_cost),
            "SELLEROPS_ARGON2_MEMORY_KIB": str(FAST_HASHING.memory_cost_kib),
            "SELLEROPS_ARGON2_PARALLELISM": str(FAST_HASHING.parallelism),
        }
    )
    return environment


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; run `make browser` to install Debian's chromium.")
    root = tmp_path_factory.mktemp("session-reload")
    data_dir = root / "data"
    store = provision(data_dir)
    port = free_port()
    command = [
        SELLEROPS,
        "dashboard",
        "--port",
        str(port),
        "--tenant",
        TENANT,
        "--session-timeout",
        str(TIMEOUT_MINUTES),
    ]
    log_path = root / "dashboard.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            env=dashboard_environment(data_dir),
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log_path, seconds=STARTUP_SECONDS, what="dashboard")
        yield Dashboard(url=url, store=store)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        store.close()


@pytest.fixture
def page(dashboard: Dashboard):
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = browser.new_context(locale="en-IN", timezone_id="Asia/Kolkata")
        opened = context.new_page()
        opened.set_default_timeout(PAGE_TIMEOUT_MS)
        opened.goto(dashboard.url)
        yield opened
        browser.close()


def session_cookie(page) -> dict | None:
    cookies = [cookie for cookie in page.context.cookies() if cookie["name"] == COOKIE]
    return cookies[0] if cookies else None


def wait_for_cookie(page, present: bool) -> dict | None:
    """Wait until the page's script has written (or deleted) the session cookie."""
    deadline = time.monotonic() + PAGE_TIMEOUT_MS / 1000
    while (session_cookie(page) is not None) != present:
        if time.monotonic() > deadline:
            state = "written" if present else "deleted"
            raise TimeoutError(f"the {COOKIE} cookie was not {state} in time")
        page.wait_for_timeout(100)
    return session_cookie(page)


def wait_logged_in(page) -> None:
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    page.get_by_role("heading", name="Overview", exact=True).first.wait_for()


def wait_login_form(page) -> None:
    page.get_by_role("button", name="Log in").wait_for()


def stored_session(store: Store, token: str) -> DashboardSession | None:
    with store.operator_read() as session:
        return session.scalars(
            select(DashboardSession).where(DashboardSession.token_hash == hash_token(token))
        ).one_or_none()


def test_login_survives_reload_until_logout(page, dashboard):
    wait_login_form(page)
    # The field can be drawn a moment before Streamlit fills in its value, so the check retries.
    playwright_api.expect(page.get_by_label("Tenant", exact=True)).to_have_value(
        TENANT, timeout=PAGE_TIMEOUT_MS
    )
    page.get_by_label("Email", exact=True).fill(OWNER)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    wait_logged_in(page)

    cookie = wait_for_cookie(page, present=True)
    assert cookie["path"] == "/"
    assert cookie["sameSite"] == "Strict"
    assert cookie["secure"] is False
    assert abs(cookie["expires"] - (time.time() + TIMEOUT_MINUTES * 60)) < 120
    row = stored_session(dashboard.store, cookie["value"])
    assert row is not None
    assert row.revoked_at is None

    page.reload()
    wait_logged_in(page)
    assert not page.get_by_role("button", name="Log in").count()
    assert OWNER in page.locator('[data-testid="stSidebar"]').inner_text()

    page.get_by_role("button", name="Log out").click()
    wait_login_form(page)
    assert wait_for_cookie(page, present=False) is None
    assert stored_session(dashboard.store, cookie["value"]).revoke_reason == "logout"

    page.reload()
    wait_login_form(page)
    assert not page.locator('[data-testid="stSidebarNav"]').count()
    assert "no longer valid" not in page.inner_text("body")


def test_revoked_cookie_shows_login_form(page, dashboard):
    wait_login_form(page)
    page.get_by_label("Email", exact=True).fill(OWNER)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    wait_logged_in(page)
    token = wait_for_cookie(page, present=True)["value"]

    # The same token logged out elsewhere, as a second tab holding the same cookie would.
    end_session(dashboard.store, token)

    page.reload()
    wait_login_form(page)
    page.get_by_text("Your session ended because you logged out").wait_for()
    assert wait_for_cookie(page, present=False) is None
