"""Dispatch: the queue from label to handover, with actions on selected shipments.

The queue is read live from Flipkart when the page opens for an account and after each action;
the Refresh button reads it again. Every action goes through `sellerops.services.dispatch`.
When Flipkart does not respond, the page shows why with a "Try again" button, and keeps the
account picker, the last action's result and the last queue it read.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl
import streamlit as st

from ingestion.client import RetryBudgetExhausted
from ingestion.client.records.actions import CANCELLATION_REASONS
from sellerops.documents.labels import LabelError
from sellerops.documents.pdf.formatting import INDIA
from sellerops.errors import SellerOpsError
from sellerops.security.permissions import Action
from sellerops.services.accounts import list_accounts
from sellerops.services.dispatch import (
    DispatchResult,
    cancel_shipments,
    generate_labels,
    mark_ready_to_dispatch,
    wait_until_packed,
)
from sellerops.services.dispatch_print import issue_shipment_documents, print_shipments
from sellerops.services.dispatch_queue import (
    HANDOVER,
    PENDING_LABELS,
    PENDING_READY,
    DispatchQueue,
    QueuedShipment,
    dispatch_queue,
)
from streamlit_app.components.flipkart_errors import call_flipkart, show_unreachable
from streamlit_app.components.formatting import plain
from streamlit_app.context import PageContext

QUEUE_KEY = "dispatch_queue"
RETRY_KEY = "dispatch_retry"
RESULT_KEY = "dispatch_result"
PRINT_KEY = "dispatch_print"
SLA_LABELS = {
    "breached": "Breached",
    "at_risk": "At risk",
    "on_time": "On time",
    "unknown": "No date",
}
REASON_LABELS = {
    "not_enough_inventory": "Not enough inventory",
    "cannot_procure_item": "Cannot procure the item",
    "b2b_order": "Business (B2B) order",
}


def render(ctx: PageContext) -> None:
    st.header("Dispatch")
    st.caption("Generate labels, print, mark ready to dispatch and hand over to the courier.")

    account_id = _account(ctx)
    if account_id is None:
        return
    queue = _queue(ctx, account_id)
    _show_result()
    if queue is None:
        return

    pending, ready, handover = (
        queue.stage(PENDING_LABELS),
        queue.stage(PENDING_READY),
        queue.stage(HANDOVER),
    )
    at_risk = [item for item in queue.shipments if item.sla_status in ("at_risk", "breached")]
    columns = st.columns(4)
    columns[0].metric("Pending labels", len(pending))
    columns[1].metric("Pending ready to dispatch", len(ready))
    columns[2].metric("Awaiting pickup", len(handover))
    columns[3].metric("SLA at risk or breached", len(at_risk))
    as_of = queue.as_of.astimezone(INDIA).strftime("%d %b %Y, %H:%M IST")
    st.caption(f"Read from Flipkart at {as_of}.")

    labels_tab, ready_tab, handover_tab = st.tabs(
        ["Pending labels", "Pending ready to dispatch", "Handover"]
    )
    with labels_tab:
        _pending_labels(ctx, account_id, pending)
    with ready_tab:
        _pending_ready(ctx, account_id, ready)
    with handover_tab:
        _handover(queue, handover)


def _account(ctx: PageContext) -> str | None:
    """Return the account to work on: the sidebar's, or one chosen here in the all-accounts view."""
    if ctx.account_id is not None:
        return ctx.account_id
    accounts = [account for account in list_accounts(ctx.actor) if account.is_active]
    if not accounts:
        st.info("Add a seller account in Settings first; dispatch works on one account.")
        return None
    names = {account.name: account.id for account in accounts}
    name = st.selectbox(
        "Seller account to dispatch for",
        list(names),
        key="dispatch_account",
        help="Dispatch works on one seller account at a time.",
    )
    return names[name]


def _queue(ctx: PageContext, account_id: str) -> DispatchQueue | None:
    """Return the account's queue, read again on Refresh, on Try again or for a new account.

    When Flipkart does not respond, show the error and return the last queue read for this
    account, or None when there is none.
    """
    queue: DispatchQueue | None = st.session_state.get(QUEUE_KEY)
    if queue is not None and queue.account_id != account_id:
        queue = None
    refresh = st.button("Refresh from Flipkart", icon=":material/refresh:", key="dispatch_refresh")
    # The "Try again" button is drawn below the error, so its click is read from the session.
    retry = bool(st.session_state.get(RETRY_KEY))
    if not (refresh or retry or queue is None):
        return queue

    try:
        with st.spinner("Reading the dispatch queue from Flipkart…"):
            fresh = dispatch_queue(ctx.actor, account_id)
    except RetryBudgetExhausted as error:
        show_unreachable("The dispatch queue was not read", error, account_id)
        st.caption("The queue shows here again once Flipkart responds.")
        st.button("Try again", icon=":material/refresh:", key=RETRY_KEY)
        if queue is not None:
            as_of = queue.as_of.astimezone(INDIA).strftime("%d %b %Y, %H:%M IST")
            st.warning(f"Showing the queue read at {as_of}; it may be out of date.")
        return queue

    st.session_state[QUEUE_KEY] = fresh
    return fresh


def _table(shipments: list[QueuedShipment]) -> pl.DataFrame:
    rows = []
    for item in shipments:
        due = (
            item.dispatch_by.astimezone(INDIA).strftime("%d %b, %H:%M") if item.dispatch_by else ""
        )
        left = "" if item.hours_left is None else f"{item.hours_left:+.1f} h"
        rows.append(
            {
                "Shipment": item.shipment_id,
                "Order": item.order_id,
                "SKU": item.skus,
                "Units": item.units,
                "State": item.state + (" (on hold)" if item.on_hold else ""),
                "Dispatch by (IST)": due,
                "Time left": left,
                "SLA": SLA_LABELS[item.sla_status],
                "Location": item.location_id,
            }
        )
    return pl.DataFrame(rows)


def _select(shipments: list[QueuedShipment], key: str) -> list[str]:
    st.dataframe(_table(shipments), hide_index=True, width="stretch")
    return st.multiselect(
        "Select shipments",
        [item.shipment_id for item in shipments],
        key=key,
        placeholder="Choose the shipments to act on",
    )


def _pending_labels(ctx: PageContext, account_id: str, shipments: list[QueuedShipment]) -> None:
    if not shipments:
        st.info("No shipment is waiting for a label.")
        return
    chosen = _select(shipments, "dispatch_select_labels")
    if ctx.can(Action.DISPATCH_LABELS) and st.button(
        "Generate labels and invoices",
        type="primary",
        disabled=not chosen,
        key="dispatch_generate",
    ):
        with st.spinner("Generating labels, then issuing invoices…"):
            result = call_flipkart(
                "The labels were not requested",
                account_id,
                lambda: generate_labels(ctx.actor, account_id, chosen),
            )
            if result is None:
                return
            note = _issue_invoices(ctx, account_id, result)
        _finish(result, note)

    if ctx.can(Action.DISPATCH_CANCEL):
        with st.expander("Cancel selected shipments"):
            reason = st.selectbox(
                "Reason",
                CANCELLATION_REASONS,
                format_func=REASON_LABELS.get,
                key="dispatch_cancel_reason",
            )
            st.caption("Seller cancellations count against your Flipkart seller metrics.")
            if st.button("Cancel shipments", disabled=not chosen, key="dispatch_cancel"):
                result = call_flipkart(
                    "The shipments were not cancelled",
                    account_id,
                    lambda: cancel_shipments(ctx.actor, account_id, chosen, reason),
                )
                if result is not None:
                    _finish(result)


def _issue_invoices(ctx: PageContext, account_id: str, result: DispatchResult) -> str:
    """Wait for the requested labels and issue their invoices; return a note for the result."""
    if not result.succeeded:
        return ""
    try:
        packed = wait_until_packed(ctx.actor, account_id, result.succeeded)
        if packed:
            issue_shipment_documents(ctx.actor, account_id, packed)
    except SellerOpsError as error:
        return f"The labels were requested, but an invoice failed: {error}"
    if len(packed) < len(result.succeeded):
        return "Some labels are still being generated; their invoices are issued at print."
    return ""


def _pending_ready(ctx: PageContext, account_id: str, shipments: list[QueuedShipment]) -> None:
    if not shipments:
        st.info("No packed shipment is waiting to be marked ready to dispatch.")
        return
    chosen = _select(shipments, "dispatch_select_ready")
    left, right = st.columns(2)
    layout = left.radio(
        "Print layout",
        ["a4", "4x6"],
        horizontal=True,
        key="dispatch_layout",
        format_func={"a4": "A4 sheets", "4x6": "4x6 in thermal"}.get,
    )
    if left.button(
        "Print labels, invoices and slips", disabled=not chosen, key="dispatch_print_button"
    ):
        with st.spinner("Downloading labels and merging the print file…"):
            try:
                printed = call_flipkart(
                    "The print file was not made",
                    account_id,
                    lambda: print_shipments(ctx.actor, account_id, chosen, layout=layout),
                )
            except LabelError as error:
                st.error(plain(error))
            else:
                if printed is not None:
                    st.session_state[PRINT_KEY] = printed
    printed = st.session_state.get(PRINT_KEY)
    if printed is not None:
        left.download_button(
            f"Download print file ({printed.shipments} shipments, {printed.pages} pages)",
            printed.content,
            file_name="dispatch-print.pdf",
            mime="application/pdf",
            icon=":material/download:",
            key="dispatch_download",
        )
    if ctx.can(Action.DISPATCH_READY) and right.button(
        "Mark ready to dispatch", type="primary", disabled=not chosen, key="dispatch_ready"
    ):
        result = call_flipkart(
            "The shipments were not marked ready to dispatch",
            account_id,
            lambda: mark_ready_to_dispatch(ctx.actor, account_id, chosen),
        )
        if result is not None:
            _finish(result)


def _handover(queue: DispatchQueue, shipments: list[QueuedShipment]) -> None:
    if queue.handover:
        rows = [
            {
                "Location": location_id,
                "Courier": count.vendor_group_code,
                "Shipments": count.count,
                "Pickup from (IST)": _ist(count.pickup_from),
                "Pickup until (IST)": _ist(count.pickup_to),
                "Pickup code": (count.otc.code if count.otc else None) or "",
            }
            for location_id, count in queue.handover
        ]
        st.dataframe(pl.DataFrame(rows), hide_index=True, width="stretch")
    if not shipments:
        st.info("No shipment is waiting for the courier.")
        return
    st.dataframe(_table(shipments), hide_index=True, width="stretch")


def _ist(moment: datetime | None) -> str:
    return moment.astimezone(INDIA).strftime("%d %b, %H:%M") if moment else ""


def _finish(result: DispatchResult, note: str = "") -> None:
    """Keep the result for the next run, drop the stale queue and print file, and rerun."""
    st.session_state[RESULT_KEY] = (result, note)
    for key in (QUEUE_KEY, PRINT_KEY, "dispatch_select_labels", "dispatch_select_ready"):
        st.session_state.pop(key, None)
    st.rerun()


def _show_result() -> None:
    stored = st.session_state.pop(RESULT_KEY, None)
    if stored is None:
        return
    result, note = stored
    verb = {
        Action.DISPATCH_LABELS: "Labels requested",
        Action.DISPATCH_READY: "Marked ready to dispatch",
        Action.DISPATCH_CANCEL: "Cancelled",
    }[result.action]
    if result.succeeded:
        st.success(f"{verb}: {len(result.succeeded)} shipments. {note}".strip())
    for failure in result.failed:
        st.warning(f"{failure.shipment_id}: {failure.message}")
