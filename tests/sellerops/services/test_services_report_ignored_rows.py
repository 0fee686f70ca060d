"""Report imports count the trailing rows they ignore and pass on the reader's warnings."""

from __future__ import annotations

import pytest
from factories import account_input, new_tenant

from sellerops.services import add_account
from sellerops.services.report_imports import import_report
from sellerops.services.report_uploads import get_report_upload

HEADER = (
    "Ordered On,Shipment ID,ORDER ITEM ID,Order Id,Order State,SKU,Product,Invoice Amount,"
    "Quantity,City,State,PIN Code"
)
ROW = "2025-05-01,S1,{item},OD1,DELIVERED,SKU-A,Tee,499.00,1,Pune,Maharashtra,411001"


@pytest.fixture
def owner(store):
    return new_tenant(store, "acme")


@pytest.fixture
def account_id(owner):
    return add_account(owner, account_input("main")).id


def test_import_counts_ignored_rows(owner, account_id, tmp_path):
    lines = [
        HEADER,
        ROW.format(item="OI1"),
        ",,OI9,OD9,,,,,,,,",
        ROW.format(item="OI2"),
        "Total,,,,,,,998.00,2,,,",
        "This is a system generated report,,,,,,,,,,,",
    ]
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = import_report(owner, account_id, path)

    assert (result.rows_loaded, result.rows_rejected, result.rows_ignored) == (3, 0, 2)
    assert result.rows_read == 5
    assert get_report_upload(owner, result.upload_id).rows_ignored == 2


def test_import_passes_header_warning(owner, account_id, tmp_path):
    path = tmp_path / "dup_header.csv"
    header = HEADER.replace("PIN Code", "Quantity")
    path.write_text(f"{header}\n{ROW.format(item='OI1')}\n", encoding="utf-8")

    result = import_report(owner, account_id, path)

    assert result.rows_loaded == 1
    assert len(result.warnings) == 1
    assert "'Quantity'" in result.warnings[0]
