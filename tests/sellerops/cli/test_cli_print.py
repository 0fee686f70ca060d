"""`sellerops print` end to end: a sandbox server over HTTP, the SQLite store, real PDFs."""

from __future__ import annotations

import io
import re
import shutil
import socket
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from test_cli_core import OWNER_ENV, OWNER_PASSWORD, as_owner, cli, one_line_error, tenant

from ingestion.client import FlipkartClient, InvoiceDetails, PackRequest, ShipmentFilter, TaxItem
from ingestion.sandbox.server.runner import SandboxServer
from sellerops.documents.labels import generate_labels
from sellerops.documents.numbering import TAX_INVOICE
from sellerops.services.actor import act_as
from sellerops.services.dispatch import MAX_SELECTION
from sellerops.services.dispatch_print import issue_shipment_documents
from sellerops.services.documents import list_documents
from sellerops.settings import Settings
from sellerops.store import Store

__all__ = ["cli", "tenant"]  # fixtures used by the tests below

IST = ZoneInfo("Asia/Kolkata")
PACKED_HERE = 3
THERMAL = (288.0, 432.0)  # 4 x 6 inches in points
INVOICE_NUMBER = re.compile(r"INV/[0-9A-Z/-]+/\d{6}")


@pytest.fixture
def database_url(sqlite_template, tmp_path) -> str:
    """The SQLite store only: the command adds no SQL of its own to check on PostgreSQL."""
    path = tmp_path / "sellerops.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(
        seed=5,
        sellers=1,
        orders_per_day=10,
        history_days=10,
        speed=0,
        pack_delay_seconds=0,
        form_failure_rate=0,
    ) as server:
        pack_approved(server, PACKED_HERE)
        yield server


def seller_client(sandbox: SandboxServer) -> FlipkartClient:
    seller = sandbox.credentials()[0]
    return FlipkartClient(
        "local", seller["app_id"], seller["app_secret"], base_url=sandbox.base_url
    )


def pack_approved(sandbox: SandboxServer, count: int) -> None:
    """Generate labels for `count` APPROVED shipments, so that they become PACKED."""
    now = datetime.fromisoformat(sandbox.clock()["now"])
    criteria = ShipmentFilter(type="preDispatch", states=("APPROVED",))
    with seller_client(sandbox) as client:
        ready = [
            shipment
            for shipment in client.shipments.filter(criteria)
            if not shipment.hold
            and (shipment.dispatch_after_date is None or shipment.dispatch_after_date <= now)
        ]
        requests = [
            PackRequest(
                shipment_id=shipment.shipment_id,
                location_id=shipment.location_id,
                tax_items=[
                    TaxItem(order_item_id=item.order_item_id, tax_rate=Decimal(18), quantity=1)
                    for item in shipment.order_items
                ],
                invoices=[
                    InvoiceDetails(
                        order_id=shipment.order_items[0].order_id,
                        invoice_date=now.astimezone(IST).date(),
                    )
                ],
            )
            for shipment in ready
            if all(item.quantity == 1 for item in shipment.order_items)
        ][:count]
        assert len(requests) == count
        generate_labels(client, requests)


def packed_label_pages(sandbox: SandboxServer) -> tuple[int, int]:
    """Return how many shipments are PACKED and how many pages their labels have."""
    with seller_client(sandbox) as client:
        criteria = ShipmentFilter(type="preDispatch", states=("PACKED",))
        shipment_ids = [shipment.shipment_id for shipment in client.shipments.filter(criteria)]
        labels = client.shipments.download_labels(shipment_ids)
    return len(shipment_ids), sum(page_count(body) for body in labels)


def page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def add_account(run, base_url: str, seller: dict) -> str:
    """Add a local seller account pointing at `base_url` and return its id."""
    locations = [part for location in seller["location_ids"] for part in ("--location", location)]
    arguments = ["account", "add", "main", "--app-id", seller["app_id"], "--gstin", seller["gstin"]]
    arguments += ["--state-code", seller["state_code"], "--state", seller["state"]]
    arguments += ["--env", "local", "--base-url", base_url, *locations]
    added = run(*as_owner(*arguments), input=f"{OWNER_PASSWORD}\n{seller['app_secret']}\n")
    assert added.exit_code == 0, added.output
    listing = run(*as_owner("account", "list"), env=OWNER_ENV)
    return listing.stdout.split("\t")[0]


@pytest.fixture
def account(tenant, sandbox) -> str:
    return add_account(tenant, sandbox.base_url, sandbox.credentials()[0])


def print_day(run, account_id: str, output: Path, *options: str):
    return run(
        *as_owner("print", "--account", account_id, "-o", str(output), *options), env=OWNER_ENV
    )


def stored_pdfs(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data" / "documents").rglob("*.pdf"))


def invoice_numbers(content: bytes) -> list[str]:
    pages = PdfReader(io.BytesIO(content)).pages
    found = {number for page in pages for number in INVOICE_NUMBER.findall(page.extract_text())}
    return sorted(found)


def test_print_a4_merges_labels_invoices_slips(tenant, account, sandbox, tmp_path):
    output = tmp_path / "day.pdf"

    result = print_day(tenant, account, output, "--state", "packed")

    assert result.exit_code == 0, result.output
    shipments, label_pages = packed_label_pages(sandbox)
    assert shipments >= PACKED_HERE
    documents = stored_pdfs(tmp_path)
    assert len(documents) == 2 * shipments  # one invoice and one packing slip each
    document_pages = sum(page_count(path.read_bytes()) for path in documents)
    content = output.read_bytes()
    assert page_count(content) == label_pages + document_pages
    assert result.stdout.startswith(f"Wrote {output} ({shipments} shipments, ")
    assert round(float(PdfReader(output).pages[-1].mediabox.width), 2) == 595.28  # A4

    numbers = invoice_numbers(content)
    assert [number[-6:] for number in numbers] == [f"{n:06d}" for n in range(1, shipments + 1)]


def test_print_twice_reuses_invoices(tenant, account, sandbox, tmp_path):
    first = tmp_path / "a4.pdf"
    print_day(tenant, account, first)
    stored = stored_pdfs(tmp_path)

    result = print_day(tenant, account, tmp_path / "thermal.pdf", "--layout", "4x6")

    assert result.exit_code == 0, result.output
    thermal = (tmp_path / "thermal.pdf").read_bytes()
    assert stored_pdfs(tmp_path) == stored
    assert invoice_numbers(thermal) == invoice_numbers(first.read_bytes())
    assert page_count(thermal) == page_count(first.read_bytes())
    sizes = {
        (float(page.mediabox.width), float(page.mediabox.height))
        for page in PdfReader(io.BytesIO(thermal)).pages
    }
    assert sizes == {THERMAL}


def test_unknown_account_error(tenant, tmp_path):
    result = print_day(tenant, "no-such-account", tmp_path / "day.pdf")

    assert result.exit_code == 1
    assert one_line_error(result).startswith("Error: No seller account 'no-such-account'")
    assert not (tmp_path / "day.pdf").exists()


def test_state_without_labels_error(tenant, account, tmp_path):
    result = print_day(tenant, account, tmp_path / "day.pdf", "--state", "APPROVED")

    assert result.exit_code == 2
    assert one_line_error(result) == (
        "Error: Shipments that are APPROVED have no Flipkart label to print; use --state "
        "PACKED or READY_TO_DISPATCH (pack APPROVED shipments first)."
    )


def test_no_shipments_error(tenant, tmp_path):
    with SandboxServer(seed=2, sellers=1, orders_per_day=1, history_days=1, speed=0) as empty:
        account_id = add_account(tenant, empty.base_url, empty.credentials()[0])

        result = print_day(tenant, account_id, tmp_path / "day.pdf")

    assert result.exit_code == 1
    assert one_line_error(result).startswith(
        f"Error: No shipments of account {account_id} are PACKED, so nothing was printed."
    )
    assert not (tmp_path / "day.pdf").exists()


def test_sandbox_down_error(tenant, sandbox, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    account_id = add_account(tenant, f"http://127.0.0.1:{port}", sandbox.credentials()[0])

    result = print_day(tenant, account_id, tmp_path / "day.pdf")

    assert result.exit_code == 1
    line = one_line_error(result)
    assert line.startswith(
        f"Error: Flipkart could not be reached for account {account_id}, so nothing was printed: "
    )
    assert f"could not connect to http://127.0.0.1:{port}" in line
    assert sandbox.credentials()[0]["app_secret"] not in result.output


def test_print_reuses_service_documents(tenant, account, sandbox, tmp_path):
    with seller_client(sandbox) as client:
        criteria = ShipmentFilter(type="preDispatch", states=("PACKED",))
        packed = [shipment.shipment_id for shipment in client.shipments.filter(criteria)]
    store = Store.open(Settings.from_environment())
    try:
        owner = act_as(store, "acme", "owner@acme.example")
        issued = issue_shipment_documents(owner, account, packed)
        issued_numbers = sorted(
            view.number for view in list_documents(owner, account) if view.kind == TAX_INVOICE
        )
    finally:
        store.close()
    stored = stored_pdfs(tmp_path)

    result = print_day(tenant, account, tmp_path / "day.pdf")

    assert result.exit_code == 0, result.output
    assert len(issued) == 2 * len(packed)
    assert stored_pdfs(tmp_path) == stored  # printing issued nothing new
    assert invoice_numbers((tmp_path / "day.pdf").read_bytes()) == issued_numbers


def test_print_more_than_one_selection(tenant, tmp_path):
    """A day with more packed shipments than the Dispatch service takes in one call."""
    with SandboxServer(
        seed=5,
        sellers=1,
        orders_per_day=200,
        history_days=2,
        speed=0,
        pack_delay_seconds=0,
        form_failure_rate=0,
    ) as busy:
        pack_approved(busy, MAX_SELECTION + 1)
        account_id = add_account(tenant, busy.base_url, busy.credentials()[0])

        result = print_day(tenant, account_id, tmp_path / "day.pdf")
        shipments, _ = packed_label_pages(busy)

    assert result.exit_code == 0, result.output
    assert shipments > MAX_SELECTION
    assert len(stored_pdfs(tmp_path)) == 2 * shipments
    assert len(invoice_numbers((tmp_path / "day.pdf").read_bytes())) == shipments
