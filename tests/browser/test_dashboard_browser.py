"""The demo in headless Chromium: log in, open every page, receive stock, screenshot each page.

`sellerops demo` runs as in `make demo`, in a temporary directory and on free 127.0.0.1 ports:
sandbox, demo tenant, pipeline run, then Dagster, the webhook receiver and the dashboard.
Playwright drives Debian's Chromium (`make browser` installs it). Screenshots go to the test's
tmp_path, or to docs/ui/ when SELLEROPS_UPDATE_SCREENSHOTS=1. The demo is stopped with SIGINT,
as Ctrl-C does, and must exit cleanly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from browser_support import (
    CHROMIUM,
    PAGE_TIMEOUT_MS,
    clean_environment,
    wait_until_healthy,
)

from sellerops.security.permissions import Role
from sellerops.services.accounts import list_accounts
from sellerops.services.actor import act_as
from sellerops.services.catalog import list_skus
from sellerops.services.stock import stock_levels
from sellerops.settings import Settings
from sellerops.store import Store
from streamlit_app.navigation import visible_pages
from tests.network import free_port

# The demo's own pipeline run comes first, so the first test may take several minutes.
pytestmark = [pytest.mark.xdist_group("browser"), pytest.mark.timeout(1800)]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = PROJECT_ROOT / "docs" / "ui"
UPDATE_VARIABLE = "SELLEROPS_UPDATE_SCREENSHOTS"
TENANT = "demo"
OWNER = "owner@demo.example"
PASSWORD = "sandbox demo password"
VIEWPORT = {"width": 1440, "height": 1000}
# The demo syncs, builds and publishes two accounts before it starts the dashboard.
STARTUP_SECONDS = 1200
# Dagster, the webhook receiver and the dashboard stop in about 16 s on an idle machine; a
# loaded one needs longer.
STOP_SECONDS = 180
RECEIVED_UNITS = 7

playwright_api = pytest.importorskip("playwright.sync_api")


@dataclass(frozen=True)
class DemoDashboard:
    url: str
    data_dir: Path
    process: subprocess.Popen
    log_path: Path


@pytest.fixture(scope="module")
def demo_dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoDashboard]:
    """Run `sellerops demo` with its services on free ports; stop it with Ctrl-C (SIGINT)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; run `make browser` to install Debian's chromium.")
    root = tmp_path_factory.mktemp("browser")
    data_dir = root / "demo"
    ports = {"dashboard": free_port(), "dagster": free_port(), "webhook": free_port()}
    command = [
        str(Path(sys.executable).with_name("sellerops")),
        "demo",
        "--data-dir",
        str(data_dir),
        "--dagster-home",
        str(root / "dagster"),
        # A frozen sandbox clock: no new orders, so no sync runs start while the test clicks.
        "--speed",
        "0",
        "--dashboard-port",
        str(ports["dashboard"]),
        "--dagster-port",
        str(ports["dagster"]),
        "--webhook-port",
        str(ports["webhook"]),
    ]
    log_path = root / "demo.log"
    with log_path.open("wb") as log:
        demo = subprocess.Popen(
            command,
            env=clean_environment(),
            cwd=PROJECT_ROOT,
            # Under pytest-xdist, standard input is the worker's channel to the controller.
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{ports['dashboard']}"
    try:
        wait_until_healthy(url, demo, log_path, seconds=STARTUP_SECONDS, what="demo")
        yield DemoDashboard(url=url, data_dir=data_dir, process=demo, log_path=log_path)
    finally:
        if demo.poll() is None:
            demo.send_signal(signal.SIGINT)
            try:
                demo.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                demo.kill()
                demo.wait()


@pytest.fixture(scope="module")
def browser_page(demo_dashboard: DemoDashboard):
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        page = browser.new_page(viewport=VIEWPORT, locale="en-IN", timezone_id="Asia/Kolkata")
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.goto(demo_dashboard.url)
        yield page
        browser.close()


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get(UPDATE_VARIABLE) == "1":
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        return SCREENSHOT_DIR
    return tmp_path_factory.mktemp("screenshots")


RUNNING_JS = """() => {
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    const running = status !== null && status.innerText.includes("Stop");
    return !running && document.querySelector('[data-testid="stSpinner"]') === null;
}"""
SETTLED_CHECKS = 3


def wait_for_render(page) -> None:
    """Wait until the script run has ended: no Stop button, no spinner, three checks in a row.

    The status widget appears only a moment after a run starts, so one check is not enough.
    """
    settled = 0
    while settled < SETTLED_CHECKS:
        page.wait_for_function(RUNNING_JS)
        page.wait_for_timeout(500)
        settled = settled + 1 if page.evaluate(RUNNING_JS) else 0
    # plotly draws after the script run ends.
    page.wait_for_timeout(800)


def screenshot(page, path: Path) -> None:
    """Save the whole page: Streamlit scrolls its main area, so grow the viewport to fit it."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(height, 600), 6000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)


def open_page(page, title: str) -> None:
    nav = page.locator('[data-testid="stSidebarNav"]')
    link = nav.get_by_role("link", name=title, exact=True)
    if not link.count():
        more = nav.get_by_role("button", name="View")
        if more.count():
            more.first.click()
    link.click()
    page.get_by_role("heading", name=title, exact=True).first.wait_for()
    wait_for_render(page)


def owner_store(data_dir: Path) -> Store:
    return Store.open(Settings(data_dir=data_dir))


def test_login_every_page_and_receive_stock(browser_page, demo_dashboard, screenshot_dir):
    page = browser_page
    page.get_by_label("Tenant", exact=True).fill(TENANT)
    page.get_by_label("Email", exact=True).fill(OWNER)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.screenshot(path=str(screenshot_dir / "login.png"))
    page.get_by_role("button", name="Log in").click()
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    wait_for_render(page)

    shot = {}
    for entry in visible_pages(Role.OWNER):
        open_page(page, entry.title)
        errors = page.locator('[data-testid="stException"]')
        assert not errors.count(), f"{entry.title}: {errors.first.inner_text()}"
        assert "unexpected error" not in page.inner_text("body"), entry.title
        path = screenshot_dir / f"{entry.url_path}.png"
        screenshot(page, path)
        shot[entry.title] = path
    assert all(path.stat().st_size > 10_000 for path in shot.values()), shot

    open_page(page, "Intelligence")
    page.get_by_role("tab", name="Price suggestions").click()
    page.get_by_text("Accept a suggestion").wait_for()
    screenshot(page, screenshot_dir / "intelligence-prices.png")

    store = owner_store(demo_dashboard.data_dir)
    try:
        owner = act_as(store, TENANT, OWNER)
        account = list_accounts(owner)[0]
        location = account.location_ids[0]
        sku = list_skus(owner)[0].sku
        before = {
            (level.sku, level.location_id): level.on_hand for level in stock_levels(owner)
        }.get((sku, location), 0)

        open_page(page, "Inventory")
        page.get_by_role("tab", name="Receive").click()
        form = page.locator('[data-testid="stForm"]').filter(has_text="Units received")
        form.get_by_label("SKU", exact=True).fill(sku)
        form.get_by_label("Location id", exact=True).fill(location)
        form.get_by_label("Units received", exact=True).fill(str(RECEIVED_UNITS))
        form.get_by_label("Reference", exact=True).fill("GRN-BROWSER-1")
        form.get_by_role("button", name="Receive stock").click()
        page.get_by_text(f"{sku} at {location}: +{RECEIVED_UNITS} units").wait_for()
        wait_for_render(page)
        screenshot(page, screenshot_dir / "inventory-receive.png")

        after = {(level.sku, level.location_id): level.on_hand for level in stock_levels(owner)}[
            (sku, location)
        ]
    finally:
        store.close()
    assert after == before + RECEIVED_UNITS


def test_demo_stops_on_interrupt(demo_dashboard):
    demo_dashboard.process.send_signal(signal.SIGINT)
    code = demo_dashboard.process.wait(timeout=STOP_SECONDS)

    output = demo_dashboard.log_path.read_text()
    assert code == 0, output
    assert demo_dashboard.url in output
    for role in Role:
        assert f"{role.value}@demo.example" in output, role
    assert "Stopped the demo's services and the sandbox." in output
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{demo_dashboard.url}/_stcore/health", timeout=2)
