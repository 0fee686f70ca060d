"""Two seller accounts of one tenant listing the same SKUs at different prices."""

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from shared_sandbox import SharedWarehouse

from models_ml.frames import pricing_frames
from models_ml.pricing import suggest_prices

pytestmark = pytest.mark.xdist_group("dbt-build")

SECOND_ACCOUNT = "second-account"
SECOND_PRICE = 7


@pytest.fixture(scope="module")
def two_accounts(pricing_sandbox: SharedWarehouse, tmp_path_factory) -> Path:
    """A copy of the pricing warehouse where a second account lists every SKU at Rs 7."""
    path = tmp_path_factory.mktemp("two-accounts") / "seller.duckdb"
    shutil.copyfile(pricing_sandbox.path, path)
    connection = duckdb.connect(str(path))
    try:
        connection.execute(
            "insert into raw.listings select * replace ("
            "  ? as account_id,"
            "  json_merge_patch(payload, json_object('price', json_object('selling_price', ?)))"
            "    as payload"
            ") from raw.listings where account_id = ?",
            [SECOND_ACCOUNT, SECOND_PRICE, pricing_sandbox.account_id],
        )
    finally:
        connection.close()
    return path


def load(path: Path, account_id: str | None) -> dict[str, pl.DataFrame]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        return pricing_frames(connection, account_id)
    finally:
        connection.close()


def test_listings_scoped_to_account(two_accounts, pricing_sandbox) -> None:
    own = load(two_accounts, pricing_sandbox.account_id)
    second = load(two_accounts, SECOND_ACCOUNT)

    assert own["listings"].height > 0
    assert set(own["listings"]["account_id"]) == {pricing_sandbox.account_id}
    assert (own["listings"]["selling_price"] > SECOND_PRICE).all()
    assert set(second["listings"]["account_id"]) == {SECOND_ACCOUNT}
    assert (second["listings"]["selling_price"] == SECOND_PRICE).all()
    assert set(own["items"]["account_id"]) == {pricing_sandbox.account_id}
    assert second["items"].is_empty()


def test_suggestions_use_own_listing_price(two_accounts, pricing_sandbox) -> None:
    frames = load(two_accounts, pricing_sandbox.account_id)
    as_of = frames["items"]["ordered_at"].max()

    result = suggest_prices(
        frames["items"], frames["listings"], frames["rate_card"], as_of=as_of, seed=7
    )

    listed = dict(frames["listings"].select("sku", "selling_price").iter_rows())
    assert result.frame.height > 0
    for sku, current in result.frame.select("sku", "current_price").iter_rows():
        assert current == listed[sku], sku


def test_suggestions_reject_two_accounts(two_accounts) -> None:
    frames = load(two_accounts, None)
    as_of = frames["items"]["ordered_at"].max()

    with pytest.raises(ValueError, match=r"contain 2 accounts .*pricing_frames\(connection"):
        suggest_prices(
            frames["items"], frames["listings"], frames["rate_card"], as_of=as_of, seed=7
        )
