"""Dispatch actions against the sandbox server: labels, print file, ready to dispatch, cancel."""

import io
import json
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import pytest
from factories import member, new_tenant
from pypdf import PdfReader
from sqlalchemy import select

from ingestion.client import ShipmentFilter
from ingestion.sandbox.server.runner import SandboxServer
from sellerops.accounts.validation import AccountInput
from sellerops.errors import InvalidInputError, PermissionDeniedError
from sellerops.models import AuditEntry
from sellerops.security.permissions import Role
from sellerops.services import add_account, build_client
from sellerops.services.catalog import SkuInput, upsert_skus
from sellerops.services.dispatch import (
    cancel_shipments,
    generate_labels,
    mark_ready_to_dispatch,
    selected_ids,
    wait_until_packed,
)
from sellerops.services.dispatch_print import print_shipments
from sellerops.services.dispatch_queue import (
    HANDOVER,
    PENDING_LABELS,
    PENDING_READY,
    dispatch_queue,
)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    # A frozen clock, instant packing and no form failures: only these tests change states.
    with SandboxServer(
        seed=11,
        sellers=1,
        orders_per_day=80,
        history_days=3,
        speed=0,
        pack_delay_seconds=0,
        form_failure_rate=0,
    ) as server:
        yield server


@pytest.fixture
def seller(store, sandbox):
    """The owner of tenant acme, its sandbox account id, and a SKU master with GST rates."""
    owner = new_tenant(store, "acme")
    credentials = sandbox.credentials()[0]
    account = add_account(
        owner,
        AccountInput(
            name="seller",
            environment="local",
            base_url=sandbox.base_url,
            app_id=credentials["app_id"],
            app_secret=credentials["app_secret"],
            gstin=credentials["gstin"],
            state_code=credentials["state_code"],
            state=credentials["state"],
            location_ids=credentials["location_ids"],
        ),
    )
    truth = sandbox.truth(credentials["seller_id"])["sellers"][credentials["seller_id"]]
    upsert_skus(
        owner,
        [
            SkuInput(sku, title=facts["title"], hsn=facts["hsn"], gst_rate="18")
            for sku, facts in sorted(truth["skus"].items())
        ],
    )
    return owner, account.id


def approved_ids(sandbox, owner, account_id, count):
    """Return ids of APPROVED shipments that may be packed now on the sandbox clock."""
    now = datetime.fromisoformat(sandbox.clock()["now"])
    criteria = ShipmentFilter(type="preDispatch", states=("APPROVED",))
    with build_client(owner, account_id) as client:
        ready = [
            shipment.shipment_id
            for shipment in client.shipments.filter(criteria)
            if not shipment.hold
            and (shipment.dispatch_after_date is None or shipment.dispatch_after_date <= now)
        ]
    assert len(ready) >= count, f"the sandbox has {len(ready)} APPROVED shipments, not {count}"
    return ready[:count]


def states_of(owner, account_id, shipment_ids):
    with build_client(owner, account_id) as client:
        shipments = client.shipments.get(shipment_ids=shipment_ids)
    return {
        shipment.shipment_id: {item.status for item in shipment.order_items}
        for shipment in shipments
    }


def audit_rows(store, action):
    with store.operator_read() as session:
        statement = (
            select(AuditEntry.object_id, AuditEntry.result, AuditEntry.detail_json)
            .where(AuditEntry.action == action)
            .order_by(AuditEntry.sequence)
        )
        return [(row[0], row[1], json.loads(row[2])) for row in session.execute(statement)]


def test_labels_pack_shipments(seller, sandbox, store):
    owner, account_id = seller
    ids = approved_ids(sandbox, owner, account_id, 3)

    result = generate_labels(owner, account_id, ids)

    assert result.succeeded == ids
    assert result.failed == []
    assert wait_until_packed(owner, account_id, ids) == ids
    assert set(map(frozenset, states_of(owner, account_id, ids).values())) == {
        frozenset({"PACKED"})
    }
    rows = audit_rows(store, "dispatch.labels")
    assert [(row[0], row[1]) for row in rows] == [(sid, "succeeded") for sid in ids]
    assert rows[0][2] == {"account_id": account_id}


def test_labels_reject_packed_shipment(seller, sandbox, store):
    owner, account_id = seller
    (packed,) = approved_ids(sandbox, owner, account_id, 1)
    generate_labels(owner, account_id, [packed])
    wait_until_packed(owner, account_id, [packed])

    result = generate_labels(owner, account_id, [packed])

    assert result.succeeded == []
    assert "labels can be generated only for APPROVED" in result.failed[0].message
    assert audit_rows(store, "dispatch.labels")[-1][1] == "failed"


def test_labels_need_gst_rate(seller, sandbox):
    owner, account_id = seller
    (shipment_id,) = approved_ids(sandbox, owner, account_id, 1)
    with build_client(owner, account_id) as client:
        sku = client.shipments.get(shipment_ids=[shipment_id])[0].order_items[0].sku
    upsert_skus(owner, [SkuInput(sku, title="no rate yet")])

    result = generate_labels(owner, account_id, [shipment_id])

    assert result.succeeded == []
    assert f"SKU {sku!r} has no GST rate" in result.failed[0].message
    assert states_of(owner, account_id, [shipment_id])[shipment_id] == {"APPROVED"}


def test_print_file_merges_documents(seller, sandbox):
    owner, account_id = seller
    ids = approved_ids(sandbox, owner, account_id, 3)
    generate_labels(owner, account_id, ids)
    wait_until_packed(owner, account_id, ids)

    printed = print_shipments(owner, account_id, ids)

    assert printed.content.startswith(b"%PDF")
    pages = len(PdfReader(io.BytesIO(printed.content)).pages)
    # One label page per shipment, then one invoice page and one slip page per shipment.
    assert pages == printed.pages == 9
    again = print_shipments(owner, account_id, ids)
    assert again.pages == 9


def test_ready_to_dispatch_moves_state(seller, sandbox, store):
    owner, account_id = seller
    ids = approved_ids(sandbox, owner, account_id, 2)
    generate_labels(owner, account_id, ids)
    wait_until_packed(owner, account_id, ids)

    result = mark_ready_to_dispatch(owner, account_id, ids)

    assert result.succeeded == ids
    assert all(
        states == {"READY_TO_DISPATCH"} for states in states_of(owner, account_id, ids).values()
    )
    assert [row[:2] for row in audit_rows(store, "dispatch.ready")] == [
        (sid, "succeeded") for sid in ids
    ]


def test_ready_to_dispatch_rejects_approved(seller, sandbox):
    owner, account_id = seller
    (shipment_id,) = approved_ids(sandbox, owner, account_id, 1)

    result = mark_ready_to_dispatch(owner, account_id, [shipment_id])

    assert result.succeeded == []
    assert "ORDER_ITEM_NOT_PACKED" in result.failed[0].message


def test_cancel_with_reason(seller, sandbox, store):
    owner, account_id = seller
    (shipment_id,) = approved_ids(sandbox, owner, account_id, 1)

    result = cancel_shipments(owner, account_id, [shipment_id], "not_enough_inventory")

    assert result.succeeded == [shipment_id]
    assert states_of(owner, account_id, [shipment_id])[shipment_id] == {"CANCELLED"}
    detail = audit_rows(store, "dispatch.cancel")[-1][2]
    assert detail == {"account_id": account_id, "reason": "not_enough_inventory"}


def test_cancel_unknown_reason_rejected(seller):
    owner, account_id = seller
    with pytest.raises(InvalidInputError, match="not_enough_inventory"):
        cancel_shipments(owner, account_id, ["S1"], "changed my mind")


def test_packer_cannot_cancel(seller, sandbox):
    owner, account_id = seller
    packer = member(owner, Role.PACKER)
    (shipment_id,) = approved_ids(sandbox, owner, account_id, 1)

    with pytest.raises(PermissionDeniedError):
        cancel_shipments(packer, account_id, [shipment_id], "not_enough_inventory")
    assert generate_labels(packer, account_id, [shipment_id]).succeeded == [shipment_id]


def test_viewer_cannot_read_queue(seller):
    owner, account_id = seller
    viewer = member(owner, Role.VIEWER)
    with pytest.raises(PermissionDeniedError):
        dispatch_queue(viewer, account_id)


def test_queue_stages_follow_actions(seller, sandbox):
    owner, account_id = seller
    labelled, ready = approved_ids(sandbox, owner, account_id, 2)
    generate_labels(owner, account_id, [labelled, ready])
    wait_until_packed(owner, account_id, [labelled, ready])
    mark_ready_to_dispatch(owner, account_id, [ready])

    queue = dispatch_queue(owner, account_id)

    stages = {shipment.shipment_id: shipment.stage for shipment in queue.shipments}
    assert stages[labelled] == PENDING_READY
    assert stages[ready] == HANDOVER
    assert queue.stage(PENDING_LABELS)
    assert sum(count.count for _, count in queue.handover) == len(queue.stage(HANDOVER))
    hours = [item.hours_left for item in queue.shipments if item.hours_left is not None]
    assert hours == sorted(hours)


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ([], "No shipment is selected"),
        ([" "], "is empty"),
        ([f"S{number}" for number in range(101)], "at most 100"),
    ],
)
def test_selection_checked(given, problem):
    with pytest.raises(InvalidInputError, match=problem):
        selected_ids(given)


def test_selection_deduplicated():
    assert selected_ids([" S1", "S2", "S1"]) == ["S1", "S2"]


def test_gst_rate_decimal_sent(seller, sandbox):
    owner, account_id = seller
    (shipment_id,) = approved_ids(sandbox, owner, account_id, 1)
    with build_client(owner, account_id) as client:
        sku = client.shipments.get(shipment_ids=[shipment_id])[0].order_items[0].sku
    upsert_skus(owner, [SkuInput(sku, title="five percent", gst_rate="5")])

    generate_labels(owner, account_id, [shipment_id])
    wait_until_packed(owner, account_id, [shipment_id])

    with build_client(owner, account_id) as client:
        invoice = client.shipments.invoices([shipment_id])[0]
    assert {item.tax_rate for item in invoice.order_items} == {Decimal(5)}
