"""Page header and the shared states: nothing published yet, data being refreshed, no rows."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from sellerops.services.warehouse_reads import PublishedWarehouse
from streamlit_app.components.formatting import format_ist
from streamlit_app.context import PageContext


def page_header(title: str, caption: str, ctx: PageContext) -> None:
    """Draw the page title and a caption naming the account shown."""
    st.header(title, divider="gray")
    scope = "All seller accounts" if ctx.all_accounts else "One seller account"
    st.caption(f"{caption} · {scope}")


def warehouse_ready(warehouse: PublishedWarehouse) -> bool:
    """Show the empty or refreshing state of `warehouse`, and return False without data.

    While a pipeline step holds the tenant's write lock the last published copy is still
    shown, with a notice that newer data is on the way.
    """
    if not warehouse.exists:
        st.info(
            "No data yet: the pipeline has not published a warehouse for this tenant. The "
            "first sync and build publishes it; this page shows it on the next reload.",
            icon=":material/hourglass_empty:",
        )
        return False
    if warehouse.is_refreshing:
        st.info(
            "Data is being refreshed: the pipeline is building a new copy. These figures are "
            "from the last published copy; reload after the run to see the new data.",
            icon=":material/sync:",
        )
    return True


def data_freshness(warehouse: PublishedWarehouse) -> None:
    """Show when the copy on screen was published."""
    if warehouse.published_at:
        published = datetime.fromisoformat(warehouse.published_at)
        st.caption(f"Data published {format_ist(published)}.")


def empty_state(message: str) -> None:
    """Show that a filter or a section has no rows, and what to change."""
    st.info(message, icon=":material/search_off:")
