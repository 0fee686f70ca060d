"""A tenant with one user per role and a synced, built and published warehouse, for the pages.

Built once per test session: the sandbox serves two sellers, the real pipeline syncs both into
tenant `shop`, builds the marts and publishes the copy the dashboard reads. `logged_in_app`
drives the real login form of `streamlit_app/app.py` through Streamlit's AppTest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest
from streamlit.testing.v1 import AppTest

from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from orchestration.defs.sync.resources import OperationalStoreResource, WarehouseResource
from orchestration.runner import load_definitions, run_account
from orchestration.sandbox_tenant import DEMO_PASSWORD, provision_sandbox_tenant
from sellerops.db import upgrade_to_head
from sellerops.security.permissions import Role
from sellerops.services.actor import Actor, act_as
from sellerops.services.buyers import BuyerContactInput, record_buyer_contact
from sellerops.services.users import add_user
from sellerops.settings import PasswordHashing, Settings
from sellerops.store import Store
from streamlit_app.navigation import find_page

BUYER = BuyerContactInput(
    buyer_name="Meera Iyer",
    phone="9876543210",
    address_line1="14 Lake View Road",
    city="Chennai",
    state="Tamil Nadu",
    state_code="TN",
    pincode="600028",
)
PROJECT_ROOT = Path(__file__).resolve().parents[2]
APP_PATH = str(PROJECT_ROOT / "streamlit_app" / "app.py")
TENANT = "shop"
EMPTY_TENANT = "fresh"
PASSWORD = "correct horse battery staple"
SANDBOX = {"seed": 31, "sellers": 2, "history_days": 21, "orders_per_day": 25.0, "speed": 0}
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)
APP_TIMEOUT_SECONDS = 60
# Variables that would point the app at another store, key or tenant.
INHERITED_OUT = (
    "SELLEROPS_DATABASE_URL",
    "SELLEROPS_SECRET_KEY",
    "SELLEROPS_KEY_FILE",
    "SELLEROPS_SESSION_TIMEOUT_MINUTES",
    "SELLEROPS_DASHBOARD_TENANT",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run every test that reads the shared dashboard on one xdist worker, so it is built once.

    It runs first because pytest-xdist reads the group marks in its own hook of this name.
    """
    for item in items:
        if "dashboard" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("dashboard"))


def email_of(role: Role, tenant: str = TENANT) -> str:
    """Return the test user's email for `role` in `tenant`."""
    return f"{role.value}@{tenant}.example"


@dataclass(frozen=True)
class Dashboard:
    """The shared data directory, store, sandbox and one actor per role of tenant `shop`."""

    data_dir: Path
    store: Store
    server: SandboxServer
    actors: dict[Role, Actor]
    account_ids: list[str]
    published: Path
    empty_actor: Actor
    buyer_order_id: str

    def environment(self) -> dict[str, str]:
        """The `SELLEROPS_*` variables under which the app opens this store."""
        return {
            "SELLEROPS_DATA_DIR": str(self.data_dir),
            "SELLEROPS_ARGON2_TIME_COST": str(FAST_HASHING.time_cost),
            "SELLEROPS_ARGON2_MEMORY_KIB": str(FAST_HASHING.memory_cost_kib),
            "SELLEROPS_ARGON2_PARALLELISM": str(FAST_HASHING.parallelism),
        }


def _add_role_users(store: Store, tenant: str) -> dict[Role, Actor]:
    owner = act_as(store, tenant, f"owner@{tenant}.example")
    actors = {Role.OWNER: owner}
    for role in Role:
        if role == Role.OWNER:
            continue
        add_user(owner, email_of(role, tenant), role.value, PASSWORD)
        actors[role] = act_as(store, tenant, email_of(role, tenant))
    return actors


def _record_buyer(owner: Actor, published: Path) -> str:
    """Store the buyer of the newest order, as issuing its invoice would; return the order id.

    The sync keeps buyers' personal data out of the warehouse, so only this order has one.
    """
    connection = open_warehouse(published, read_only=True)
    try:
        account_id, order_id, shipment_id = connection.execute(
            "select account_id, order_id, shipment_id from marts.order_items "
            "order by ordered_at desc, order_item_id limit 1"
        ).fetchone()
    finally:
        connection.close()
    record_buyer_contact(owner, account_id, order_id, shipment_id, BUYER)
    return order_id


@pytest.fixture(scope="session")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    data_dir = tmp_path_factory.mktemp("dashboard-data")
    settings = Settings(data_dir=data_dir, password_hashing=FAST_HASHING)
    store = Store.open(settings, create_key=True)
    upgrade_to_head(store.engine)
    resources = {
        "operational_store": OperationalStoreResource(data_dir=str(data_dir)),
        "warehouse": WarehouseResource(data_dir=str(data_dir)),
    }
    definitions = load_definitions()
    instance = dg.DagsterInstance.ephemeral()

    with SandboxServer(**SANDBOX) as server:
        partitions = provision_sandbox_tenant(store, server, slug=TENANT, name="Shop")
        for partition in partitions:
            run = run_account(
                partition, resources=resources, instance=instance, definitions=definitions
            )
            assert run.success, run.problems
        actors = _add_role_users(store, TENANT)
        published = warehouse_paths(data_dir, TENANT).published
        buyer_order_id = _record_buyer(actors[Role.OWNER], published)

        # A second tenant that never ran the pipeline: the pages' empty state.
        provision_sandbox_tenant(store, server, slug=EMPTY_TENANT, name="Fresh")
        empty_actor = act_as(store, EMPTY_TENANT, f"owner@{EMPTY_TENANT}.example")

        yield Dashboard(
            data_dir=data_dir,
            store=store,
            server=server,
            actors=actors,
            account_ids=[partition.account_id for partition in partitions],
            published=published,
            empty_actor=empty_actor,
            buyer_order_id=buyer_order_id,
        )
    store.close()


@pytest.fixture
def app_environment(dashboard: Dashboard, monkeypatch: pytest.MonkeyPatch) -> Dashboard:
    """Point the app, which runs in this process, at the shared store."""
    for name in INHERITED_OUT:
        monkeypatch.delenv(name, raising=False)
    for name, value in dashboard.environment().items():
        monkeypatch.setenv(name, value)
    return dashboard


def password_of(role: Role) -> str:
    """Return the password of the test user with `role` (the owner has the demo password)."""
    return DEMO_PASSWORD if role == Role.OWNER else PASSWORD


def log_in(at: AppTest, tenant: str, email: str, password: str) -> AppTest:
    """Fill in and submit the login form, then run the app again as the browser would."""
    at.text_input(key="login_tenant").set_value(tenant)
    at.text_input(key="login_email").set_value(email)
    at.text_input(key="login_password").set_value(password)
    at.button[0].click()
    return at.run(timeout=APP_TIMEOUT_SECONDS)


def open_page(at: AppTest, url_path: str) -> AppTest:
    """Open the navigation page registered at `url_path` and run it.

    NOTE: AppTest.switch_page (Streamlit 1.67) finds file-based pages only, and these pages are
    functions, so this selects the page through AppTest's private page map. Pages are matched
    by title because the landing page is registered under the empty URL path.
    """
    title = find_page(url_path).title
    registered = at._registered_pages
    hashes = [page_hash for page_hash, info in registered.items() if info["page_name"] == title]
    if not hashes:
        raise LookupError(
            f"Page {title!r} is not in the navigation; visible pages: {navigation_titles(at)}."
        )
    at._page_hash = hashes[0]
    return at.run(timeout=APP_TIMEOUT_SECONDS)


def navigation_titles(at: AppTest) -> list[str]:
    """Return the titles of the pages the navigation shows, in order."""
    return [str(info["page_name"]) for info in at._registered_pages.values()]


@pytest.fixture
def logged_in_app(app_environment: Dashboard) -> Callable[..., AppTest]:
    """Return `make(role, page=None, tenant='shop')`: an AppTest logged in through the form.

    With `page`, the page at that URL path is opened after the landing page.
    """

    def make(role: Role, page: str | None = None, tenant: str = TENANT) -> AppTest:
        at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT_SECONDS)
        at.run()
        log_in(at, tenant, email_of(role, tenant), password_of(role))
        assert not at.exception, at.exception
        if page is not None:
            open_page(at, page)
        return at

    return make
