"""The Intelligence page per role, against the `ml` tables of a real pipeline run.

The session's tenant `shop` has three weeks of history, too little for price suggestions, so
this module builds tenant `intel` in the same store from a two-month sandbox seller, like the
intelligence asset tests do. Accepting a suggestion changes the price on that sandbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import dagster as dg
import pytest
from conftest import PASSWORD, TENANT, email_of, navigation_titles

from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from models_ml.pricing.reasons import UNCLEAR_RESPONSE
from orchestration.defs.sync.resources import OperationalStoreResource, WarehouseResource
from orchestration.runner import load_definitions, run_account
from orchestration.sandbox_tenant import provision_sandbox_tenant
from sellerops.errors import PermissionDeniedError
from sellerops.security.permissions import Action, Role
from sellerops.services.actor import Actor, act_as
from sellerops.services.audit_log import list_audit_entries
from sellerops.services.clients import build_client
from sellerops.services.pricing import accept_price_suggestion
from sellerops.services.users import add_user
from sellerops.services.warehouse_reads import published_warehouse
from streamlit_app.components.formatting import format_count

INTEL = "intel"
# Two months at 80 orders a day: enough labelled orders for the RTO model and enough price
# changes for the price model, as in the intelligence asset tests.
SANDBOX = {"seed": 23, "sellers": 1, "history_days": 60, "orders_per_day": 80.0, "speed": 0}
VISIBLE = {
    Role.OWNER: True,
    Role.MANAGER: True,
    Role.ACCOUNTANT: True,
    Role.PACKER: False,
    Role.VIEWER: True,
}
TABS = ["RTO risk", "Price suggestions", "Delay patterns", "Fast movers"]


@dataclass(frozen=True)
class IntelTenant:
    published: Path
    account_id: str
    actors: dict[Role, Actor]
    server: SandboxServer


@pytest.fixture(scope="module")
def intel(dashboard) -> Iterator[IntelTenant]:
    resources = {
        "operational_store": OperationalStoreResource(data_dir=str(dashboard.data_dir)),
        "warehouse": WarehouseResource(data_dir=str(dashboard.data_dir)),
    }
    with SandboxServer(**SANDBOX) as server:
        (partition,) = provision_sandbox_tenant(dashboard.store, server, slug=INTEL, name="Intel")
        run = run_account(
            partition,
            resources=resources,
            instance=dg.DagsterInstance.ephemeral(),
            definitions=load_definitions(),
        )
        assert run.success, run.problems

        owner = act_as(dashboard.store, INTEL, email_of(Role.OWNER, INTEL))
        actors = {Role.OWNER: owner}
        for role in Role:
            if role != Role.OWNER:
                add_user(owner, email_of(role, INTEL), role.value, PASSWORD)
                actors[role] = act_as(dashboard.store, INTEL, email_of(role, INTEL))
        yield IntelTenant(
            published=warehouse_paths(dashboard.data_dir, INTEL).published,
            account_id=partition.account_id,
            actors=actors,
            server=server,
        )


def rows(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    connection = open_warehouse(path, read_only=True)
    try:
        return connection.execute(sql, params or []).fetchall()
    finally:
        connection.close()


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def page_text(at) -> str:
    blocks = [*at.markdown, *at.caption, *at.info, *at.warning, *at.success]
    return " ".join(str(block.value) for block in blocks)


@pytest.mark.parametrize("role", list(Role))
def test_intelligence_per_role(logged_in_app, intel, role):
    actor = intel.actors[role]
    if not VISIBLE[role]:
        at = logged_in_app(role, tenant=INTEL)

        assert "Intelligence" not in navigation_titles(at)
        with pytest.raises(PermissionDeniedError):
            published_warehouse(actor, Action.PROFIT_VIEW)
        return

    at = logged_in_app(role, page="intelligence", tenant=INTEL)

    assert not at.exception
    assert not at.error, [error.value for error in at.error]
    assert at.header[0].value == "Intelligence"
    assert [tab.label for tab in at.tabs] == TABS
    can_accept = any(button.key == "intelligence_accept" for button in at.button)
    assert can_accept == (role in (Role.OWNER, Role.MANAGER))


def test_rto_cards_match_scores(logged_in_app, intel):
    ((items, high_risk),) = rows(
        intel.published,
        "select count(*), count(*) filter (where rto_probability >= 0.3) "
        "from ml.rto_item_scores where account_id = ?",
        [intel.account_id],
    )

    shown = metrics(logged_in_app(Role.VIEWER, page="intelligence", tenant=INTEL))

    assert items > 0
    assert shown["Open items scored"] == format_count(items)
    assert shown["High RTO risk"] == format_count(high_risk)


def test_rto_model_kind_shown(logged_in_app, intel):
    ((kind,),) = rows(
        intel.published,
        "select distinct model_kind from ml.rto_item_scores where account_id = ?",
        [intel.account_id],
    )

    text = page_text(logged_in_app(Role.ACCOUNTANT, page="intelligence", tenant=INTEL))

    if kind == "lightgbm":
        assert "LightGBM model" in text
        assert "fallback baseline" not in text
    else:
        assert "fallback baseline" in text


def test_rto_minimum_filter(logged_in_app, intel):
    ((highest, total),) = rows(
        intel.published,
        "select max(rto_probability), count(*) from ml.rto_item_scores",
    )
    # The highest slider step (5 points apart) that still keeps at least one item.
    minimum = int(highest * 20) * 5
    ((expected,),) = rows(
        intel.published,
        "select count(*) from ml.rto_item_scores where rto_probability >= ?",
        [minimum / 100],
    )
    at = logged_in_app(Role.MANAGER, page="intelligence", tenant=INTEL)

    at.slider(key="intelligence_min_risk").set_value(minimum).run()

    table = at.dataframe[0].value
    assert 0 < expected < total
    assert len(table) == min(expected, 500)
    assert (table["rto_probability"] >= minimum / 100).all()


def test_shop_uses_baseline_notice(logged_in_app, dashboard):
    kinds = rows(dashboard.published, "select distinct model_kind from ml.rto_item_scores")

    at = logged_in_app(Role.OWNER, page="intelligence", tenant=TENANT)

    assert not at.exception
    assert kinds == [("baseline",)]
    assert "fallback baseline" in page_text(at)
    assert "No price suggestions yet" in page_text(at)


def price_table(at):
    """Return the Price suggestions tab's table, the one with the no-suggestion column."""
    (table,) = [
        frame.value for frame in at.dataframe if "no_suggestion_reason" in frame.value.columns
    ]
    return table


def test_unclear_price_response_listed(logged_in_app, intel):
    unclear = rows(
        intel.published,
        "select sku, reason from ml.price_suggestions "
        "where account_id = ? and suggested_price is null order by sku",
        [intel.account_id],
    )
    ((total,),) = rows(
        intel.published,
        "select count(*) from ml.price_suggestions where account_id = ?",
        [intel.account_id],
    )
    at = logged_in_app(Role.MANAGER, page="intelligence", tenant=INTEL)

    cards = metrics(at)
    table = price_table(at)
    listed = table[table["no_suggestion_reason"].notna()]
    options = at.selectbox(key="intelligence_price_choice").options
    assert unclear, "the sandbox seller has no SKU without a clear price response"
    assert cards["No suggestion"] == format_count(len(unclear))
    assert cards["SKUs priced"] == format_count(total - len(unclear))
    assert dict(zip(listed["sku"], listed["no_suggestion_reason"], strict=True)) == dict(unclear)
    assert all(reason.startswith(UNCLEAR_RESPONSE) for _sku, reason in unclear)
    assert not {str(option).split(" · ")[0] for option in options} & {sku for sku, _ in unclear}


def listed_price(owner: Actor, account_id: str, sku: str) -> Decimal:
    with build_client(owner, account_id) as client:
        return client.listings.get([sku]).available[sku].price.selling_price


def test_accept_sets_sandbox_price(logged_in_app, intel):
    owner = intel.actors[Role.OWNER]
    at = logged_in_app(Role.MANAGER, page="intelligence", tenant=INTEL)
    choice = at.selectbox(key="intelligence_price_choice")
    sku = str(choice.value).split(" · ")[0]
    ((suggested,),) = rows(
        intel.published,
        "select suggested_price from ml.price_suggestions where sku = ? and account_id = ?",
        [sku, intel.account_id],
    )
    before = listed_price(owner, intel.account_id, sku)

    at.button(key="intelligence_accept").click().run()

    assert not at.error, [error.value for error in at.error]
    assert at.success, "no success message after accepting"
    assert before != suggested
    assert listed_price(owner, intel.account_id, sku) == suggested
    entries = [
        entry
        for entry in list_audit_entries(owner, limit=20)
        if entry.action == Action.PRICE_UPDATE.value and entry.object_id == sku
    ]
    assert entries, "no audit entry for the price update"
    assert entries[0].result == "succeeded"


def test_viewer_cannot_accept_price(intel):
    ((sku, suggested),) = rows(
        intel.published,
        "select sku, suggested_price from ml.price_suggestions "
        "where suggested_price <> current_price order by sku limit 1",
    )

    with pytest.raises(PermissionDeniedError):
        accept_price_suggestion(
            intel.actors[Role.VIEWER],
            intel.account_id,
            sku,
            suggested,
            margin_floor=suggested,
        )
