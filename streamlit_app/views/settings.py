"""Settings: seller accounts (secrets masked), users and roles, document branding, the rate card
and the stock thresholds of each SKU.

Each tab reads through the service that owns the data and is shown only to roles that may read
it. Edits go through the same services, which check the permission again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import polars as pl
import streamlit as st

from sellerops.errors import SellerOpsError
from sellerops.security.permissions import Action
from sellerops.services.accounts import list_accounts
from sellerops.services.catalog import SkuInput, SkuView, list_skus, upsert_skus
from sellerops.services.document_branding import get_branding, set_branding
from sellerops.services.users import list_users
from streamlit_app.components.formatting import format_ist, plain
from streamlit_app.components.states import page_header
from streamlit_app.components.tables import data_table
from streamlit_app.context import PageContext
from streamlit_app.views.alert_settings import render_alert_channels

RATE_CARD = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "rate_card.csv"


def render(ctx: PageContext) -> None:
    """Draw the Settings page."""
    page_header("Settings", "Accounts, people, branding, fees and stock thresholds", ctx)
    sections: list[tuple[str, Callable[[PageContext], None]]] = [("Accounts", _accounts)]
    if ctx.can(Action.USER_LIST):
        sections.append(("Users and roles", _users))
    sections += [("Branding", _branding), ("Rate card", _rate_card)]
    if ctx.can(Action.SKU_VIEW):
        sections.append(("Thresholds", _thresholds))
    for container, (_title, draw) in zip(
        st.tabs([title for title, _ in sections]), sections, strict=True
    ):
        with container:
            draw(ctx)
    render_alert_channels(ctx)


def _accounts(ctx: PageContext) -> None:
    rows = [
        {
            "name": account.name,
            "environment": account.environment,
            "app_id": account.app_id,
            "app_secret": account.app_secret_masked,
            "gstin": account.gstin,
            "state": account.state,
            "locations": ", ".join(account.location_ids),
            "active": account.is_active,
        }
        for account in list_accounts(ctx.actor)
    ]
    st.caption("Secrets are stored encrypted and only ever shown masked.")
    data_table(
        pl.DataFrame(rows),
        key="settings_accounts",
        file_name="accounts.csv",
        empty_message="No seller account yet; add one with `sellerops account add`.",
    )


def _users(ctx: PageContext) -> None:
    rows = [
        {
            "email": user.email,
            "name": user.display_name,
            "role": user.role,
            "active": user.is_active,
            "last_login": format_ist(user.last_login_at) if user.last_login_at else "",
        }
        for user in list_users(ctx.actor)
    ]
    data_table(pl.DataFrame(rows), key="settings_users", search_columns=("email", "role"))
    st.caption("Owners add users and change roles with `sellerops user add` and `user set-role`.")


def _branding(ctx: PageContext) -> None:
    branding = get_branding(ctx.actor)
    if branding is None:
        st.info("No branding yet: invoices and slips print the seller name from Flipkart.")
    else:
        st.markdown(f"**{branding.business_name}**  \n" + "  \n".join(branding.address_lines))
        st.caption(
            f"Footer: {branding.footer or '(none)'} · accent {branding.accent_hex} · "
            f"logo {'set' if branding.has_logo else 'not set'} · "
            f"signature {'set' if branding.has_signature else 'not set'}"
        )
    if not ctx.can(Action.BRANDING_EDIT):
        return
    with st.form("settings_branding"):
        name = st.text_input("Business name", branding.business_name if branding else "")
        address = st.text_area(
            "Address (one line each)", "\n".join(branding.address_lines) if branding else ""
        )
        footer = st.text_input("Footer", branding.footer if branding else "")
        if st.form_submit_button("Save branding", type="primary"):
            lines = [line.strip() for line in address.splitlines() if line.strip()]
            accent = branding.accent_hex if branding else "#212529"
            try:
                set_branding(ctx.actor, name, lines, footer, accent)
            except SellerOpsError as error:
                st.error(plain(error))
            else:
                st.success("Branding saved; new documents use it.")


def _rate_card(ctx: PageContext) -> None:
    st.caption(
        "The fee rules the warehouse uses to estimate fees where no settlement report has the "
        "charged fee. A `*` matches any value; percent fees apply to the order item value."
    )
    data_table(
        pl.read_csv(RATE_CARD, infer_schema=False),
        key="settings_rate_card",
        search_columns=("fee_type", "category", "tier"),
        file_name="rate_card.csv",
    )


def _thresholds(ctx: PageContext) -> None:
    skus = list_skus(ctx.actor)
    if not skus:
        st.info("The SKU master is empty; import it with `sellerops stock import --skus`.")
        return
    frame = pl.DataFrame(
        [
            {
                "sku": sku.sku,
                "title": sku.title,
                "low_stock_threshold": sku.low_stock_threshold,
                "safety_buffer": sku.safety_buffer,
                "gst_rate": float(sku.gst_rate) if sku.gst_rate is not None else None,
            }
            for sku in skus
        ],
        schema={
            "sku": pl.String,
            "title": pl.String,
            "low_stock_threshold": pl.Int64,
            "safety_buffer": pl.Int64,
            "gst_rate": pl.Float64,
        },
    )
    st.caption(
        "Low-stock threshold: warn when available units fall to it. Safety buffer: units kept "
        "back from the stock listed on Flipkart. GST rate (percent) is sent with label requests."
    )
    if not ctx.can(Action.SKU_EDIT):
        data_table(frame, key="settings_thresholds", search_columns=("sku", "title"))
        return
    edited = st.data_editor(
        frame.to_pandas(),
        key="settings_thresholds_editor",
        disabled=["sku", "title"],
        hide_index=True,
    )
    if st.button("Save thresholds", type="primary", key="settings_thresholds_save"):
        changes = changed_skus(skus, edited.to_dict("records"))
        try:
            count = upsert_skus(ctx.actor, changes) if changes else 0
        except SellerOpsError as error:
            st.error(plain(error))
        else:
            st.success(f"Saved {count} SKUs.")


def changed_skus(skus: list[SkuView], rows: list[dict[str, object]]) -> list[SkuInput]:
    """Return full SKU rows for the SKUs whose thresholds or GST rate were edited.

    The upsert replaces a whole row, so every other field is carried over unchanged.
    """
    by_sku = {sku.sku: sku for sku in skus}
    changes = []
    for row in rows:
        current = by_sku[str(row["sku"])]
        base = SkuInput(
            sku=current.sku,
            title=current.title,
            category=current.category,
            hsn=current.hsn,
            gst_rate=current.gst_rate,
            cost_price=current.cost_price,
            weight_g=current.weight_g,
            length_cm=current.length_cm,
            breadth_cm=current.breadth_cm,
            height_cm=current.height_cm,
            low_stock_threshold=current.low_stock_threshold,
            safety_buffer=current.safety_buffer,
        )
        edited = replace(
            base,
            low_stock_threshold=_whole(row["low_stock_threshold"]),
            safety_buffer=_whole(row["safety_buffer"]),
            gst_rate=None if _missing(row["gst_rate"]) else str(row["gst_rate"]),
        )
        rate_same = (edited.gst_rate is None and current.gst_rate is None) or (
            edited.gst_rate is not None
            and current.gst_rate is not None
            and float(edited.gst_rate) == float(current.gst_rate)
        )
        if (
            edited.low_stock_threshold != current.low_stock_threshold
            or edited.safety_buffer != current.safety_buffer
            or not rate_same
        ):
            changes.append(edited)
    return changes


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _whole(value: object) -> int | None:
    return None if _missing(value) else int(value)  # type: ignore[arg-type]
