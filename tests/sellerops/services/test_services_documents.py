"""Invoices, credit notes and packing slips issued against the sandbox server, and numbering."""

import hashlib
import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import account_input, member, new_tenant
from sqlalchemy import select

from ingestion.client import ShipmentFilter
from ingestion.sandbox.server.runner import SandboxServer
from sellerops.accounts.validation import AccountInput
from sellerops.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from sellerops.models import AuditEntry, Document
from sellerops.security.keyfile import read_key_file
from sellerops.security.permissions import Role
from sellerops.services import add_account, build_client
from sellerops.services.document_branding import get_branding, set_branding
from sellerops.services.documents import (
    get_document,
    issue_credit_note,
    issue_invoice,
    issue_packing_slip,
    list_documents,
)

WORKER = Path(__file__).with_name("invoice_number_worker.py")
NUMBERS_PER_WORKER = 500
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(seed=5, sellers=1, orders_per_day=10, history_days=30, speed=0) as server:
        yield server


@pytest.fixture
def owner_and_account(store, sandbox):
    owner = new_tenant(store, "acme")
    seller = sandbox.credentials()[0]
    account = add_account(
        owner,
        AccountInput(
            name="seller",
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
    return owner, account.id


def shipments_in(owner, account_id, status, count=1):
    """Return ids of post-dispatch shipments whose items are all in `status`."""
    found = []
    with build_client(owner, account_id) as client:
        for shipment in client.shipments.filter(ShipmentFilter(type="postDispatch")):
            if {item.status for item in shipment.order_items} == {status}:
                found.append(shipment.shipment_id)
            if len(found) == count:
                return found
    raise AssertionError(f"the sandbox has fewer than {count} {status} shipments")


def audit_details(store, action):
    with store.operator_read() as session:
        statement = (
            select(AuditEntry.detail_json)
            .where(AuditEntry.action == action, AuditEntry.result == "succeeded")
            .order_by(AuditEntry.sequence)
        )
        return [json.loads(detail) for detail in session.scalars(statement).all()]


def test_invoice_numbered_and_stored(owner_and_account, store):
    owner, account_id = owner_and_account
    shipment_id = shipments_in(owner, account_id, "DELIVERED")[0]

    view = issue_invoice(owner, account_id, shipment_id)

    assert view.number.startswith("INV/")
    assert view.number.endswith("/000001")
    assert view.file_name == view.number.replace("/", "-") + ".pdf"
    content = get_document(owner, view.id)
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == view.content_hash
    stored = store.settings.data_dir / "documents" / "acme" / view.content_hash[:2]
    assert (stored / f"{view.content_hash}.pdf").read_bytes() == content


def test_invoice_issued_once_per_shipment(owner_and_account):
    owner, account_id = owner_and_account
    first_id, second_id = shipments_in(owner, account_id, "DELIVERED", count=2)

    first = issue_invoice(owner, account_id, first_id)
    again = issue_invoice(owner, account_id, first_id)
    second = issue_invoice(owner, account_id, second_id)

    assert again.id == first.id
    assert again.already_issued
    assert not first.already_issued
    assert second.number.endswith("/000002")
    assert [view.number for view in list_documents(owner, shipment_id=first_id)] == [first.number]


def test_invoice_audited(owner_and_account, store):
    owner, account_id = owner_and_account
    shipment_id = shipments_in(owner, account_id, "DELIVERED")[0]

    view = issue_invoice(owner, account_id, shipment_id)
    issue_invoice(owner, account_id, shipment_id)

    assert audit_details(store, "document.issue") == [
        {"number": view.number, "shipment_id": shipment_id, "sha256": view.content_hash},
        {"number": view.number, "shipment_id": shipment_id, "already_issued": True},
    ]


def test_packer_issues_viewer_reads(owner_and_account):
    owner, account_id = owner_and_account
    packer, viewer = member(owner, Role.PACKER), member(owner, Role.VIEWER)
    shipment_id = shipments_in(owner, account_id, "DELIVERED")[0]

    view = issue_invoice(packer, account_id, shipment_id)

    assert get_document(viewer, view.id) == get_document(owner, view.id)
    with pytest.raises(PermissionDeniedError):
        issue_invoice(viewer, account_id, shipment_id)
    with pytest.raises(PermissionDeniedError):
        issue_credit_note(packer, account_id, shipment_id, "returned")


def test_credit_note_own_series(owner_and_account):
    owner, account_id = owner_and_account
    shipment_id = shipments_in(owner, account_id, "RETURNED")[0]
    invoice = issue_invoice(owner, account_id, shipment_id)

    note = issue_credit_note(owner, account_id, shipment_id, "customer return received")
    again = issue_credit_note(owner, account_id, shipment_id, "customer return received")

    assert note.number.startswith("CN/")
    assert note.number.endswith("/000001")
    assert note.original_id == invoice.id
    assert note.kind == "credit_note"
    assert again.id == note.id
    assert again.already_issued
    assert get_document(owner, note.id).startswith(b"%PDF")


def test_credit_note_needs_invoice(owner_and_account):
    owner, account_id = owner_and_account
    shipment_id = shipments_in(owner, account_id, "RETURNED")[0]
    with pytest.raises(InvalidInputError) as caught:
        issue_credit_note(owner, account_id, shipment_id, "returned")
    assert "has no invoice issued here" in str(caught.value)


def test_credit_note_needs_return(owner_and_account):
    owner, account_id = owner_and_account
    shipment_id = shipments_in(owner, account_id, "DELIVERED")[0]
    issue_invoice(owner, account_id, shipment_id)
    with pytest.raises(InvalidInputError) as caught:
        issue_credit_note(owner, account_id, shipment_id, "returned")
    assert "needs every item CANCELLED or RETURNED" in str(caught.value)


def test_packing_slip_unnumbered(owner_and_account):
    owner, account_id = owner_and_account
    shipment_id = shipments_in(owner, account_id, "SHIPPED")[0]

    view = issue_packing_slip(owner, account_id, shipment_id)

    assert view.number is None
    assert view.kind == "packing_slip"
    assert get_document(owner, view.id).startswith(b"%PDF")


def test_document_of_other_tenant_not_found(owner_and_account, store):
    owner, account_id = owner_and_account
    shipment_id = shipments_in(owner, account_id, "DELIVERED")[0]
    view = issue_invoice(owner, account_id, shipment_id)
    other = new_tenant(store, "globex")
    with pytest.raises(NotFoundError):
        get_document(other, view.id)


def test_changed_file_detected(owner_and_account, store):
    owner, account_id = owner_and_account
    shipment_id = shipments_in(owner, account_id, "DELIVERED")[0]
    view = issue_invoice(owner, account_id, shipment_id)
    with store.operator_read() as session:
        stored_path = session.get_one(Document, view.id).stored_path
    (store.settings.data_dir / stored_path).write_bytes(b"%PDF-tampered")

    with pytest.raises(NotFoundError) as caught:
        get_document(owner, view.id)
    assert "was changed on disk" in str(caught.value)


def test_branding_set_by_owner_only(owner_and_account):
    owner, _account_id = owner_and_account
    manager = member(owner, Role.MANAGER)

    view = set_branding(
        owner, "Acme Traders", ["12 MG Road", "Bengaluru"], "Thank you", "#1f6feb", logo_png=PNG
    )

    assert view.accent_hex == "#1F6FEB"
    assert view.has_logo and not view.has_signature
    assert get_branding(manager) == view
    with pytest.raises(PermissionDeniedError):
        set_branding(manager, "Other", [])


def test_branding_rejects_bad_input(owner_and_account):
    owner, _account_id = owner_and_account
    with pytest.raises(InvalidInputError):
        set_branding(owner, "Acme", [], accent_hex="blue")
    with pytest.raises(InvalidInputError):
        set_branding(owner, "Acme", [], logo_png=b"GIF89a")


def run_number_workers(database_url, settings):
    environment = {
        **os.environ,
        "SELLEROPS_SECRET_KEY": read_key_file(settings.resolved_key_file)[0],
        "SELLEROPS_DATA_DIR": str(settings.data_dir),
    }
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKER), database_url, label, str(NUMBERS_PER_WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
        )
        for label in ("worker-a", "worker-b")
    ]
    for process in processes:
        process.stdout.readline()
    for process in processes:
        process.stdin.write(b"go\n")
        process.stdin.flush()
    errors = [process.communicate(timeout=300)[1].decode() for process in processes]
    return [process.returncode for process in processes], errors


@pytest.mark.xdist_group("invoice_numbers")
def test_two_processes_number_gapless(store, database_url, settings):
    owner = new_tenant(store, "acme")
    add_account(owner, account_input("main"))

    codes, errors = run_number_workers(database_url, settings)

    assert codes == [0, 0], errors
    with store.operator_read() as session:
        rows = session.execute(select(Document.number, Document.shipment_id)).all()
    numbers = sorted(int(number.rsplit("/", 1)[1]) for number, _shipment in rows)
    assert len(rows) == 2 * NUMBERS_PER_WORKER
    assert numbers == list(range(1, 2 * NUMBERS_PER_WORKER + 1))
    assert len({number for number, _shipment in rows}) == 2 * NUMBERS_PER_WORKER
    # On PostgreSQL the workers' numbers interleave, so their transactions overlapped. SQLite
    # lets one writer in at a time, so there one worker may finish before the other starts.
    if database_url.startswith("postgresql"):
        owners = [shipment.split("-")[1] for _number, shipment in sorted(rows)]
        switches = sum(1 for before, after in itertools.pairwise(owners) if before != after)
        assert switches > 1, owners[:20]
