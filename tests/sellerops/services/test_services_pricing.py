"""Accepting a price suggestion against the local sandbox server (a real HTTP process)."""

from collections.abc import Iterator
from decimal import ROUND_FLOOR, Decimal

import pytest
from factories import member, new_tenant

from ingestion.sandbox.server.runner import SandboxServer
from sellerops.accounts.validation import AccountInput
from sellerops.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from sellerops.security.permissions import Role
from sellerops.services import add_account, build_client, list_audit_entries
from sellerops.services.pricing import MAX_PRICE, accept_price_suggestion


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(seed=5, sellers=1, orders_per_day=5, history_days=5, speed=0) as server:
        yield server


@pytest.fixture
def owner_and_account(store, sandbox):
    owner = new_tenant(store, "acme")
    return owner, connect_sandbox(owner, sandbox)


def connect_sandbox(owner, sandbox: SandboxServer) -> str:
    seller = sandbox.credentials()[0]
    account = add_account(
        owner,
        AccountInput(
            name="sandbox",
            environment="local",
            base_url=sandbox.base_url,
            app_id=seller["app_id"],
            app_secret=seller["app_secret"],
            gstin=seller["gstin"],
            state_code=seller["state_code"],
            state=seller["state"],
            location_ids=seller["location_ids"],
        ),
    )
    return account.id


def listed_skus(sandbox: SandboxServer) -> list[str]:
    seller_id = sandbox.credentials()[0]["seller_id"]
    skus = sandbox.truth(seller_id)["sellers"][seller_id]["skus"]
    return sorted(skus)


def listing_price(owner, account_id: str, sku: str) -> tuple[Decimal, Decimal]:
    with build_client(owner, account_id) as client:
        listing = client.listings.get([sku]).available[sku]
    return listing.price.selling_price, listing.price.mrp


def test_accepted_price_reaches_listing(owner_and_account, sandbox):
    owner, account_id = owner_and_account
    sku = listed_skus(sandbox)[0]
    current, mrp = listing_price(owner, account_id, sku)
    new_price = min(mrp, (current * Decimal("1.05")).to_integral_value())

    change = accept_price_suggestion(owner, account_id, sku, new_price, margin_floor=current)

    assert change.status == "ok"
    assert change.old_price == current
    assert listing_price(owner, account_id, sku) == (new_price, mrp)
    entry = next(entry for entry in list_audit_entries(owner) if entry.action == "price.update")
    assert entry.object_id == sku
    assert entry.result == "succeeded"
    assert entry.detail["new_price"] == str(new_price)
    assert entry.detail["old_price"] == str(current)


def test_packer_rejected(owner_and_account, sandbox):
    owner, account_id = owner_and_account
    packer = member(owner, Role.PACKER)
    sku = listed_skus(sandbox)[1]
    current, _ = listing_price(owner, account_id, sku)

    with pytest.raises(PermissionDeniedError, match="packer"):
        accept_price_suggestion(packer, account_id, sku, current, margin_floor=current)

    assert listing_price(owner, account_id, sku)[0] == current
    denied = [entry for entry in list_audit_entries(owner) if entry.action == "price.update"]
    assert [entry.result for entry in denied] == ["denied"]


def test_manager_may_set_price(owner_and_account, sandbox):
    owner, account_id = owner_and_account
    manager = member(owner, Role.MANAGER)
    sku = listed_skus(sandbox)[2]
    current, _ = listing_price(owner, account_id, sku)
    new_price = (current * Decimal("0.95")).to_integral_value()

    change = accept_price_suggestion(manager, account_id, sku, new_price, margin_floor=new_price)

    assert change.status == "ok"
    assert listing_price(owner, account_id, sku)[0] == new_price


def test_step_above_limit_rejected(owner_and_account, sandbox):
    owner, account_id = owner_and_account
    sku = listed_skus(sandbox)[3]
    current, _ = listing_price(owner, account_id, sku)
    too_high = (current * Decimal("1.2")).to_integral_value()

    with pytest.raises(InvalidInputError, match="at most 10%"):
        accept_price_suggestion(owner, account_id, sku, too_high, margin_floor=current)

    assert listing_price(owner, account_id, sku)[0] == current


def test_price_below_margin_floor_rejected(owner_and_account, sandbox):
    owner, account_id = owner_and_account
    sku = listed_skus(sandbox)[4]
    current, _ = listing_price(owner, account_id, sku)
    lower = current - 1

    with pytest.raises(InvalidInputError, match="margin"):
        accept_price_suggestion(owner, account_id, sku, lower, margin_floor=current)

    assert listing_price(owner, account_id, sku)[0] == current


def test_price_above_mrp_rejected(owner_and_account, sandbox):
    owner, account_id = owner_and_account
    sku = listed_skus(sandbox)[5]
    current, mrp = listing_price(owner, account_id, sku)
    # Bring the price within one step of the MRP first, so that only the MRP can reject.
    while current * Decimal("1.1") < mrp + 1:
        current = min(mrp, (current * Decimal("1.1")).quantize(Decimal(1), rounding=ROUND_FLOOR))
        accept_price_suggestion(owner, account_id, sku, current, margin_floor=Decimal(1))

    with pytest.raises(InvalidInputError, match="MRP"):
        accept_price_suggestion(owner, account_id, sku, mrp + 1, margin_floor=Decimal(1))

    assert listing_price(owner, account_id, sku)[0] == current


@pytest.mark.parametrize("price", ["499.50", "-10", "abc", "0"])
def test_price_not_whole_rupees_rejected(owner_and_account, sandbox, price):
    owner, account_id = owner_and_account
    sku = listed_skus(sandbox)[0]

    with pytest.raises(InvalidInputError, match="rupees"):
        accept_price_suggestion(owner, account_id, sku, price, margin_floor=None)


def test_unknown_sku_rejected(owner_and_account):
    owner, account_id = owner_and_account

    with pytest.raises(InvalidInputError, match="not listed"):
        accept_price_suggestion(owner, account_id, "NO-SUCH-SKU", 499, margin_floor=None)


@pytest.mark.parametrize("price", ["1e28", "1E+30", "99999999999999999999999999999", "1e16"])
def test_huge_price_rejected(owner_and_account, sandbox, price):
    owner, account_id = owner_and_account
    sku = listed_skus(sandbox)[0]
    current, _ = listing_price(owner, account_id, sku)

    # Decimal's 28-digit context made quantize raise decimal.InvalidOperation here.
    with pytest.raises(InvalidInputError, match=f"at most {MAX_PRICE}"):
        accept_price_suggestion(owner, account_id, sku, price, margin_floor=Decimal(1))

    assert listing_price(owner, account_id, sku)[0] == current


def test_max_price_reaches_guardrails(owner_and_account, sandbox):
    owner, account_id = owner_and_account
    sku = listed_skus(sandbox)[0]

    with pytest.raises(InvalidInputError, match="at most 10%"):
        accept_price_suggestion(owner, account_id, sku, MAX_PRICE, margin_floor=Decimal(1))


@pytest.mark.parametrize("floor", [Decimal("NaN"), Decimal("Infinity"), "abc", 0, "-5", True])
def test_bad_margin_floor_rejected(owner_and_account, sandbox, floor):
    owner, account_id = owner_and_account
    sku = listed_skus(sandbox)[0]
    current, _ = listing_price(owner, account_id, sku)

    with pytest.raises(InvalidInputError, match="Margin floor"):
        accept_price_suggestion(owner, account_id, sku, current, margin_floor=floor)

    assert [e for e in list_audit_entries(owner) if e.action == "price.update"] == []


def test_text_margin_floor_accepted(owner_and_account, sandbox):
    owner, account_id = owner_and_account
    sku = listed_skus(sandbox)[1]
    current, _ = listing_price(owner, account_id, sku)

    change = accept_price_suggestion(owner, account_id, sku, current, margin_floor=str(current))

    assert change.status == "ok"


def test_foreign_account_not_pushed(store, sandbox):
    owner = new_tenant(store, "acme")
    connect_sandbox(owner, sandbox)
    other = new_tenant(store, "other")
    other_account_id = connect_sandbox(other, sandbox)
    sku = listed_skus(sandbox)[2]
    before, _ = listing_price(other, other_account_id, sku)

    # The passed client is the other tenant's, so only the account check can stop the push.
    with build_client(other, other_account_id) as other_client, pytest.raises(NotFoundError):
        accept_price_suggestion(
            owner, other_account_id, sku, before + 1, margin_floor=before, client=other_client
        )

    assert listing_price(other, other_account_id, sku)[0] == before
    assert [e for e in list_audit_entries(other) if e.action == "price.update"] == []
    assert [e for e in list_audit_entries(owner) if e.action == "price.update"] == []
