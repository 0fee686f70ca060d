"""The sandbox tenant's SKU master carries listing taxes, so the Dispatch service can pack."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from ingestion.client import ShipmentFilter
from ingestion.sandbox.server.runner import SandboxServer
from orchestration.sandbox_tenant import provision_sandbox_tenant
from sellerops.db import upgrade_to_head
from sellerops.services.actor import Actor, act_as
from sellerops.services.catalog import list_skus
from sellerops.services.clients import build_client
from sellerops.services.dispatch import generate_labels, wait_until_packed
from sellerops.services.documents import issue_invoice
from sellerops.settings import PasswordHashing, Settings
from sellerops.store import Store

SANDBOX = {
    "seed": 41,
    "sellers": 1,
    "history_days": 3,
    "orders_per_day": 20.0,
    "speed": 0,
    "pack_delay_seconds": 0,
    "form_failure_rate": 0,
}
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)
TENANT = "labels"
SHIPMENTS = 3


@dataclass
class Provisioned:
    server: SandboxServer
    owner: Actor
    account_id: str


@pytest.fixture(scope="module")
def provisioned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provisioned]:
    data_dir: Path = tmp_path_factory.mktemp("sandbox-tenant")
    store = Store.open(Settings(data_dir=data_dir, password_hashing=FAST_HASHING))
    upgrade_to_head(store.engine)
    with SandboxServer(**SANDBOX) as server:
        (partition,) = provision_sandbox_tenant(store, server, slug=TENANT)
        owner = act_as(store, TENANT, f"owner@{TENANT}.example")
        yield Provisioned(server, owner, partition.account_id)
    store.close()


def approved_shipment_ids(provisioned: Provisioned, count: int) -> list[str]:
    """Return `count` APPROVED shipments that may be packed now: not on hold, window open."""
    with build_client(provisioned.owner, provisioned.account_id) as client:
        now = client.server_clock.now()
        criteria = ShipmentFilter(type="preDispatch", states=("APPROVED",))
        ready = [
            shipment.shipment_id
            for shipment in client.shipments.filter(criteria)
            if not shipment.hold
            and (shipment.dispatch_after_date is None or shipment.dispatch_after_date <= now)
        ]
    assert len(ready) >= count, f"the sandbox has only {len(ready)} shipments to pack"
    return ready[:count]


def test_sku_master_taxes_match_listings(provisioned):
    skus = list_skus(provisioned.owner)
    with build_client(provisioned.owner, provisioned.account_id) as client:
        listings = client.listings.get([sku.sku for sku in skus]).available

    assert skus
    for sku in skus:
        tax = listings[sku.sku].model_extra["tax"]
        assert sku.gst_rate == Decimal(str(tax["goods_services_rate"])), sku.sku
        assert sku.hsn == tax["hsn"], sku.sku


def test_dispatch_labels_provisioned_tenant(provisioned):
    shipment_ids = approved_shipment_ids(provisioned, SHIPMENTS)

    result = generate_labels(provisioned.owner, provisioned.account_id, shipment_ids)

    assert result.failed == []
    assert result.succeeded == shipment_ids
    packed = wait_until_packed(provisioned.owner, provisioned.account_id, shipment_ids)
    assert sorted(packed) == sorted(shipment_ids)
    invoice = issue_invoice(provisioned.owner, provisioned.account_id, shipment_ids[0])
    assert invoice.number
