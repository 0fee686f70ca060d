"""Selling SKUs down to zero against the sandbox: pushes from the ledger prevent overselling.

About a fifth of the sandbox's SKU-locations hold fewer units on the shelf than their listing
shows. Without pushes the marketplace accepts orders beyond the shelf. With the ledger seeded
from the shelf and a push after every sync, the ground truth counts no oversold order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.stock_copy import ensure_stock_tables
from ingestion.warehouse.sync import sync_account
from orchestration.defs.inventory.records import apply_synced_events
from orchestration.defs.sync.cursors import StoreCursors
from orchestration.sandbox_tenant import provision_sandbox_tenant
from sellerops.db import upgrade_to_head
from sellerops.models import StockPush
from sellerops.services import act_as, build_client
from sellerops.services.actor import Actor
from sellerops.services.stock import receive_stock, stock_levels
from sellerops.services.stock_push import push_available_stock
from sellerops.settings import PasswordHashing, Settings
from sellerops.store import Store

pytestmark = pytest.mark.xdist_group("physical_stock")

SCENARIO = {"seed": 3, "sellers": 1, "history_days": 0, "orders_per_day": 300.0, "speed": 0}
STEP_SECONDS = 4 * 3600
STEPS = 15  # 2.5 simulated days
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)
RESTOCK_UNITS = 5


@dataclass
class Seller:
    server: SandboxServer
    seller_id: str

    def truth(self) -> dict:
        return self.server.truth(self.seller_id)["sellers"][self.seller_id]


@dataclass
class Run:
    """The state after the scenario ran with pushes."""

    seller: Seller
    owner: Actor
    account_id: str
    initial_truth: dict
    final_truth: dict
    sold_out: list[tuple[str, str]]
    restocked: tuple[str, str]
    listing_inventory: int
    last_pushed: int
    failed_pushes: int


def _shelf(truth: dict) -> dict[tuple[str, str], int]:
    return {
        (sku, location_id): units
        for sku, facts in truth["skus"].items()
        for location_id, units in facts["physicalStock"].items()
    }


@pytest.fixture(scope="module")
def without_pushes() -> dict:
    with SandboxServer(**SCENARIO) as server:
        seller = Seller(server, server.credentials()[0]["seller_id"])
        server.clock(advance_seconds=STEP_SECONDS * STEPS)
        return seller.truth()


@pytest.fixture(scope="module")
def with_pushes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    data_dir = tmp_path_factory.mktemp("physical-stock")
    store = Store.open(Settings(data_dir=data_dir, password_hashing=FAST_HASHING), create_key=True)
    upgrade_to_head(store.engine)
    with SandboxServer(**SCENARIO) as server:
        seller = Seller(server, server.credentials()[0]["seller_id"])
        (partition,) = provision_sandbox_tenant(store, server, slug="shelf")
        owner = act_as(store, "shelf", "owner@shelf.example")
        yield _run(seller, owner, partition.account_id, data_dir / "shelf.duckdb")
    store.close()


def _run(seller: Seller, owner: Actor, account_id: str, warehouse: Path) -> Run:
    initial = seller.truth()
    for (sku, location_id), units in sorted(_shelf(initial).items()):
        receive_stock(owner, sku, location_id, units, f"opening:{sku}:{location_id}")

    connection = open_warehouse(warehouse)
    ensure_stock_tables(connection)
    cursors = StoreCursors(owner, account_id)
    failed = 0
    sold_out: set[tuple[str, str]] = set()
    with build_client(owner, account_id) as client:
        failed += len(push_available_stock(owner, account_id, client=client).failed)
        for _ in range(STEPS):
            seller.server.clock(advance_seconds=STEP_SECONDS)
            sync_account(
                client, connection, account_id=account_id, cursors=cursors, mode="incremental"
            )
            apply_synced_events(owner, connection, account_id)
            failed += len(push_available_stock(owner, account_id, client=client).failed)
            sold_out |= {
                (level.sku, level.location_id)
                for level in stock_levels(owner)
                if level.available <= 0
            }

        restocked = sorted(sold_out)[0]
        receive_stock(owner, *restocked, RESTOCK_UNITS, "restock-after-sell-out")
        failed += len(push_available_stock(owner, account_id, client=client).failed)
        listing = client.listings.get([restocked[0]]).available[restocked[0]]
    connection.close()

    inventory = next(loc.inventory for loc in listing.locations if loc.id == restocked[1])
    with owner.store.read(owner.tenant_id) as session:
        last = session.scalars(
            select(StockPush)
            .where(StockPush.sku == restocked[0], StockPush.location_id == restocked[1])
            .order_by(StockPush.pushed_at.desc())
            .limit(1)
        ).one()
    return Run(
        seller=seller,
        owner=owner,
        account_id=account_id,
        initial_truth=initial,
        final_truth=seller.truth(),
        sold_out=sorted(sold_out),
        restocked=restocked,
        listing_inventory=inventory,
        last_pushed=last.pushed_quantity,
        failed_pushes=failed,
    )


def test_without_pushes_oversells(without_pushes):
    assert without_pushes["counts"]["oversold_orders"] > 0


def test_with_pushes_no_oversold_order(with_pushes):
    assert with_pushes.final_truth["counts"]["oversold_orders"] == 0


def test_with_pushes_orders_arrived(with_pushes):
    assert with_pushes.final_truth["counts"]["orderItems"] > 300


def test_short_shelf_sold_out(with_pushes):
    short = {place for place, units in _shelf(with_pushes.initial_truth).items() if units <= 8}

    assert set(with_pushes.sold_out) & short


def test_ledger_matches_shelf(with_pushes):
    truth = with_pushes.final_truth
    shelf = _shelf(truth)
    committed = {
        (sku, location_id): units
        for sku, facts in truth["skus"].items()
        for location_id, units in facts["committedStock"].items()
    }
    levels = {(level.sku, level.location_id): level for level in stock_levels(with_pushes.owner)}
    restocked = with_pushes.restocked

    for place, units in shelf.items():
        extra = RESTOCK_UNITS if place == restocked else 0
        assert levels[place].available == units - committed[place] + extra, place


def test_listing_shows_last_push(with_pushes):
    assert with_pushes.listing_inventory == RESTOCK_UNITS
    assert with_pushes.last_pushed == RESTOCK_UNITS


def test_no_push_failed(with_pushes):
    assert with_pushes.failed_pushes == 0


# ---- the simulator's shelf, without the server ---------------------------------------------


@pytest.fixture
def quiet_market():
    from ingestion.sandbox.simulation import Marketplace, SimConfig

    config = SimConfig(seed=3, sellers=1, history_days=0, orders_per_day=0, speed=0)
    return Marketplace(config)


def _facts(market, seller_id: str, sku: str) -> dict:
    return market.truth(seller_id)["sellers"][seller_id]["skus"][sku]


def test_test_order_commits_units(quiet_market):
    seller_id = quiet_market.sellers[0].seller_id
    location_id = quiet_market.sellers[0].location_ids[0]
    sku = quiet_market.listing_skus(seller_id, "ACTIVE")[0]
    listing_id = quiet_market.listing(seller_id, sku)["listing_id"]
    before = _facts(quiet_market, seller_id, sku)

    quiet_market.create_test_order(
        seller_id,
        {"locationId": location_id, "orderItems": [{"listingId": listing_id, "quantity": 2}]},
    )
    after = _facts(quiet_market, seller_id, sku)

    assert after["committedStock"][location_id] == before["committedStock"][location_id] + 2
    assert after["physicalStock"] == before["physicalStock"]


def test_seller_cancel_frees_units(quiet_market):
    seller_id = quiet_market.sellers[0].seller_id
    location_id = quiet_market.sellers[0].location_ids[0]
    sku = quiet_market.listing_skus(seller_id, "ACTIVE")[0]
    listing_id = quiet_market.listing(seller_id, sku)["listing_id"]
    order = quiet_market.create_test_order(
        seller_id,
        {"locationId": location_id, "orderItems": [{"listingId": listing_id, "quantity": 1}]},
    )
    item_id = order["orderItems"][0]["orderItemId"]
    shipment_id = quiet_market.shipments_by(seller_id, order_item_ids=[item_id])[0]["shipmentId"]

    outcome = quiet_market.cancel(
        seller_id,
        {"shipmentId": shipment_id, "reason": "not_enough_inventory", "locationId": location_id},
    )

    assert outcome["status"] == "SUCCESS"
    assert _facts(quiet_market, seller_id, sku)["committedStock"][location_id] == 0


def test_order_beyond_shelf_counted(quiet_market):
    seller_id = quiet_market.sellers[0].seller_id
    active = set(quiet_market.listing_skus(seller_id, "ACTIVE"))
    skus = quiet_market.truth(seller_id)["sellers"][seller_id]["skus"]
    sku, location_id, units = next(
        (sku, location_id, units)
        for sku, facts in sorted(skus.items())
        for location_id, units in facts["physicalStock"].items()
        if units < 8 and sku in active
    )
    listing_id = quiet_market.listing(seller_id, sku)["listing_id"]

    quiet_market.create_test_order(
        seller_id,
        {
            "locationId": location_id,
            "orderItems": [{"listingId": listing_id, "quantity": units + 1}],
        },
    )
    counts = quiet_market.truth(seller_id)["sellers"][seller_id]["counts"]

    assert counts["oversold_orders"] == 1
