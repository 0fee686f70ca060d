"""The RTO tests' view of the shared sandbox warehouse: one account's order item frame."""

from __future__ import annotations

import pytest
from rto_sandbox_history import SandboxHistory
from shared_sandbox import SharedWarehouse

from ingestion.warehouse.connection import open_warehouse
from models_ml.frames import order_item_frame


@pytest.fixture(scope="session")
def sandbox_history(shared_warehouse: SharedWarehouse) -> SandboxHistory:
    connection = open_warehouse(shared_warehouse.path, read_only=True)
    try:
        items = order_item_frame(connection, shared_warehouse.account_id)
    finally:
        connection.close()
    return SandboxHistory(
        account_id=shared_warehouse.account_id,
        items=items,
        truth=shared_warehouse.truth,
        warehouse=shared_warehouse.path,
    )
