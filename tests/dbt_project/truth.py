"""Compare a built warehouse's marts with the sandbox's ground truth; return mismatch strings.

The end-to-end tests call `compare_marts_with_truth(path, truth)` with the path of a warehouse
that `dbt build` has run on and the dict of `SandboxServer.truth()`. An empty list means the
marts agree: order items and outcomes counted exactly, selling price and every fee summed to
the paisa, RTO and customer-return counts exact, and every SLA verdict other than `unknown`
equal to the truth's `dispatchedLate`.
"""

from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb

FEE_COLUMNS = (
    "commission",
    "fixed_fee",
    "collection_fee",
    "forward_shipping",
    "reverse_shipping",
    "gst_on_fees",
)
# Each SLA verdict of the mart and the dispatchedLate value of the truth it corresponds to.
SLA_VERDICTS = {"on_time": False, "breached": True, "open": None, "cancelled": None}
RETURN_TYPES = {"courier_return": "rto", "customer_return": "customer_return"}


def compare_marts_with_truth(warehouse: Path | str, truth: dict) -> list[str]:
    """Return every mismatch between the marts of the warehouse file and the truth dict."""
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        mismatches = []
        for account_id, seller in sorted(truth["sellers"].items()):
            mismatches += compare_order_items(connection, account_id, seller)
            mismatches += compare_fees(connection, account_id, seller)
            mismatches += compare_returns(connection, account_id, seller)
            mismatches += compare_sla(connection, account_id, seller)
        return mismatches
    finally:
        connection.close()


def compare_order_items(connection, account_id: str, seller: dict) -> list[str]:
    """Order item count, outcome counts and selling-price total."""
    rows = connection.execute(
        "select outcome, count(*), sum(selling_price) from marts.order_items"
        " where account_id = ? group by outcome",
        [account_id],
    ).fetchall()
    mart_outcomes = Counter({outcome: count for outcome, count, _ in rows})
    mart_selling = sum((total for _, _, total in rows), Decimal("0.00"))

    items = seller["orderItems"].values()
    true_outcomes = Counter(item["outcome"] for item in items)
    true_selling = sum(
        (Decimal(str(item["price"])) * item["quantity"] for item in items), Decimal("0.00")
    )

    mismatches = []
    if sum(mart_outcomes.values()) != len(seller["orderItems"]):
        mismatches.append(
            f"{account_id}: order_items has {sum(mart_outcomes.values())} rows, "
            f"truth has {len(seller['orderItems'])} order items"
        )
    if mart_outcomes != true_outcomes:
        mismatches.append(
            f"{account_id}: outcomes {dict(mart_outcomes)} != truth {dict(true_outcomes)}"
        )
    if mart_selling != true_selling:
        mismatches.append(f"{account_id}: selling price {mart_selling} != truth {true_selling}")
    return mismatches


def compare_fees(connection, account_id: str, seller: dict) -> list[str]:
    """Each fee column summed over the account, and each item's fees where they differ."""
    columns = ", ".join(FEE_COLUMNS)
    rows = connection.execute(
        f"select order_item_id, {columns} from marts.order_items where account_id = ?",  # noqa: S608 (constant column names)
        [account_id],
    ).fetchall()
    items = seller["orderItems"]

    mismatches = []
    totals = dict.fromkeys(FEE_COLUMNS, Decimal("0.00"))
    true_totals = dict.fromkeys(FEE_COLUMNS, Decimal("0.00"))
    for order_item_id, *amounts in rows:
        true_fees = items.get(order_item_id, {}).get("fees")
        if true_fees is None:
            mismatches.append(f"{account_id}: order item {order_item_id} has no truth fees")
            continue
        for column, amount in zip(FEE_COLUMNS, amounts, strict=True):
            totals[column] += amount
            true_totals[column] += Decimal(true_fees[column])

    for column in FEE_COLUMNS:
        if totals[column] != true_totals[column]:
            mismatches.append(
                f"{account_id}: {column} total {totals[column]} != truth {true_totals[column]}"
            )
    return mismatches


def compare_returns(connection, account_id: str, seller: dict) -> list[str]:
    """Return counts by type in the returns mart."""
    rows = connection.execute(
        "select return_type, count(*) from marts.returns where account_id = ? group by 1",
        [account_id],
    ).fetchall()
    mart_counts = Counter(dict(rows))
    true_counts = Counter(RETURN_TYPES[entry["source"]] for entry in seller["returns"].values())
    if mart_counts != true_counts:
        return [f"{account_id}: returns by type {dict(mart_counts)} != truth {dict(true_counts)}"]
    return []


def compare_sla(connection, account_id: str, seller: dict) -> list[str]:
    """Every SLA verdict except `unknown` against the truth's dispatchedLate."""
    rows = connection.execute(
        "select shipment_id, sla_status from marts.sla_shipments where account_id = ?",
        [account_id],
    ).fetchall()
    shipments = seller["shipments"]

    mismatches = []
    if len(rows) != len(shipments):
        mismatches.append(
            f"{account_id}: sla_shipments has {len(rows)} rows, truth {len(shipments)} shipments"
        )
    for shipment_id, verdict in rows:
        if verdict == "unknown" or shipment_id not in shipments:
            continue
        late = shipments[shipment_id]["dispatchedLate"]
        if SLA_VERDICTS[verdict] != late:
            mismatches.append(
                f"{account_id}: shipment {shipment_id} is {verdict}, truth dispatchedLate={late}"
            )
    return mismatches
