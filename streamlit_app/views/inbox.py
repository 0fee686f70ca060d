"""The Alerts page: the tenant's in-app inbox, newest first, with filters and mark as read.

Every role can read its tenant's alerts. Marking an alert read marks it for the whole tenant.
"""

from __future__ import annotations

import streamlit as st

from sellerops.alerts import KIND_DEFAULTS, Severity
from sellerops.security.permissions import Action
from sellerops.services.alerts import InboxAlert, list_inbox, mark_read
from streamlit_app.components.formatting import format_count, format_ist
from streamlit_app.components.metrics import Card, metric_row
from streamlit_app.components.states import empty_state, page_header
from streamlit_app.context import PageContext

# The newest alerts the page loads; older ones stay in the store and in `sellerops alerts inbox`.
INBOX_LIMIT = 200
ALL_KINDS = "All kinds"
SEVERITY_ICONS = {
    Severity.CRITICAL: ":material/error:",
    Severity.WARNING: ":material/warning:",
    Severity.INFO: ":material/info:",
}
KIND_LABELS = {kind.value: defaults.label for kind, defaults in KIND_DEFAULTS.items()}


def render(ctx: PageContext) -> None:
    page_header("Alerts", "Conditions the alert rules found, newest first", ctx)
    alerts = [alert for alert in list_inbox(ctx.actor, limit=INBOX_LIMIT) if _in_scope(ctx, alert)]
    unread = [alert for alert in alerts if alert.read_at is None]
    metric_row(
        [
            Card("Unread", format_count(len(unread))),
            Card(
                "Unread critical",
                format_count(sum(1 for alert in unread if alert.severity == Severity.CRITICAL)),
            ),
            Card("Alerts shown", format_count(len(alerts)), help=f"The newest {INBOX_LIMIT}."),
        ]
    )

    filters = st.columns([1, 2])
    with filters[0]:
        unread_only = st.toggle("Unread only", value=True, key="inbox_unread_only")
    with filters[1]:
        kind_label = st.selectbox(
            "Kind",
            [ALL_KINDS, *KIND_LABELS.values()],
            key="inbox_kind",
            label_visibility="collapsed",
        )
    shown = [
        alert
        for alert in (unread if unread_only else alerts)
        if kind_label == ALL_KINDS or KIND_LABELS.get(alert.kind) == kind_label
    ]
    if not alerts:
        empty_state("No alerts yet. The rules run after every sync and raise alerts here.")
        return
    if not shown:
        empty_state("No alerts match; switch off 'Unread only' or choose another kind.")
        return

    can_mark = ctx.can(Action.ALERT_MARK_READ)
    unread_shown = [alert for alert in shown if alert.read_at is None]
    if can_mark and unread_shown:
        label = f"Mark {len(unread_shown)} shown as read"
        if st.button(label, key="inbox_read_all", icon=":material/done_all:"):
            for alert in unread_shown:
                mark_read(ctx.actor, alert.id)
            st.rerun()
    for alert in shown:
        _render_alert(ctx, alert, can_mark)


def _in_scope(ctx: PageContext, alert: InboxAlert) -> bool:
    """Keep the selected account's alerts and those of no one account (such as low stock)."""
    account_id = alert.facts.get("account_id")
    return ctx.all_accounts or account_id is None or account_id == ctx.account_id


def _render_alert(ctx: PageContext, alert: InboxAlert, can_mark: bool) -> None:
    with st.container(border=True, key=f"inbox_alert_{alert.id}"):
        heading, action = st.columns([5, 1], vertical_alignment="center")
        with heading:
            icon = SEVERITY_ICONS.get(Severity(alert.severity), "")
            style = "**" if alert.read_at is None else ""
            st.markdown(f"{icon} {style}{_escape(alert.title)}{style}")
        with action:
            unread = alert.read_at is None
            if unread and can_mark and st.button("Mark read", key=f"inbox_read_{alert.id}"):
                mark_read(ctx.actor, alert.id)
                st.rerun()
        st.write(alert.body)
        kind = KIND_LABELS.get(alert.kind, alert.kind)
        state = "unread" if alert.read_at is None else f"read {format_ist(alert.read_at)}"
        st.caption(f"{kind} · {alert.severity} · raised {format_ist(alert.created_at)} · {state}")


def _escape(text: str) -> str:
    """Escape Markdown so that a SKU or shipment id with `*` or `_` shows as typed."""
    return "".join(
        f"\\{character}" if character in "\\`*_[]<>#|~$" else character for character in text
    )
