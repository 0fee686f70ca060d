"""Dispatch and export rows of the matrix and isolation tests, with what they need to succeed.

Dispatch actions call Flipkart, so they run against one sandbox server shared by the whole test
process, started on first use. Each tenant gets a seller account on it and a SKU master with
GST rates. Exports read the published warehouse, so a tenant gets an empty one, created from
the column contract of the `returns` mart.
"""

from __future__ import annotations

import atexit
import itertools
from datetime import date, datetime
from pathlib import Path

import yaml

from ingestion.client import ShipmentFilter
from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from sellerops.accounts.validation import AccountInput
from sellerops.exports import ExportRequest
from sellerops.services import Actor, add_account, build_client, get_tenant
from sellerops.services.catalog import SkuInput, upsert_skus
from sellerops.services.dispatch import generate_labels, wait_until_packed
from sellerops.services.exports import export_report

RETURNS_CONTRACT = (
    Path(__file__).resolve().parents[3] / "dbt_project" / "models" / "marts" / "_returns.yml"
)
EXPORT_PERIOD = (date(2026, 3, 1), date(2026, 3, 31))

_servers: list[SandboxServer] = []
_accounts: dict[str, str] = {}
_names = itertools.count(1)


def dispatch_sandbox() -> SandboxServer:
    """Return the process's sandbox: a frozen clock, instant packing, no form failures."""
    if not _servers:
        server = SandboxServer(
            seed=13,
            sellers=1,
            orders_per_day=80,
            history_days=3,
            speed=0,
            pack_delay_seconds=0,
            form_failure_rate=0,
        )
        server.start()
        atexit.register(server.stop)
        _servers.append(server)
    return _servers[0]


def dispatch_account(owner: Actor) -> str:
    """Return the tenant's account on the sandbox, adding it and the SKU rates on first use."""
    if owner.tenant_id in _accounts:
        return _accounts[owner.tenant_id]
    server = dispatch_sandbox()
    seller = server.credentials()[0]
    account = add_account(
        owner,
        AccountInput(
            name=f"sandbox-{next(_names)}",
            environment="local",
            base_url=server.base_url,
            app_id=seller["app_id"],
            app_secret=seller["app_secret"],
            gstin=seller["gstin"],
            state_code=seller["state_code"],
            state=seller["state"],
            location_ids=seller["location_ids"],
        ),
    )
    skus = server.truth(seller["seller_id"])["sellers"][seller["seller_id"]]["skus"]
    upsert_skus(
        owner,
        [
            SkuInput(sku, title=facts["title"], hsn=facts["hsn"], gst_rate="18")
            for sku, facts in sorted(skus.items())
        ],
    )
    _accounts[owner.tenant_id] = account.id
    return account.id


def approved_shipment(owner: Actor) -> str:
    """Return an APPROVED shipment of the owner's sandbox account that may be packed now."""
    account_id = dispatch_account(owner)
    now = datetime.fromisoformat(dispatch_sandbox().clock()["now"])
    criteria = ShipmentFilter(type="preDispatch", states=("APPROVED",))
    with build_client(owner, account_id) as client:
        for shipment in client.shipments.filter(criteria):
            after = shipment.dispatch_after_date
            if not shipment.hold and (after is None or after <= now):
                return shipment.shipment_id
    raise AssertionError("the dispatch sandbox has no APPROVED shipment left")


def packed_shipment(owner: Actor) -> str:
    """Generate the label of an APPROVED shipment as the owner and return it once PACKED."""
    account_id = dispatch_account(owner)
    shipment_id = approved_shipment(owner)
    generate_labels(owner, account_id, [shipment_id])
    assert wait_until_packed(owner, account_id, [shipment_id]) == [shipment_id]
    return shipment_id


def export_returns(actor: Actor, owner: Actor, account_id: str | None = None) -> object:
    """Export the returns of March 2026 as CSV, after giving the tenant a published warehouse."""
    published_empty_warehouse(owner)
    request = ExportRequest("returns", *EXPORT_PERIOD, account_id=account_id)
    return export_report(actor, request)


def published_empty_warehouse(owner: Actor) -> Path:
    """Publish an empty `marts.returns` table for the owner's tenant, unless one exists."""
    slug = get_tenant(owner).slug
    path = warehouse_paths(owner.store.settings.data_dir, slug).published
    if path.exists():
        return path
    contract = yaml.safe_load(RETURNS_CONTRACT.read_text())["models"][0]["columns"]
    columns = ", ".join(f"{column['name']} {column['data_type']}" for column in contract)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = open_warehouse(path)
    try:
        connection.execute("create schema marts")
        connection.execute(f"create table marts.returns ({columns})")
    finally:
        connection.close()
    return path
