"""The sidebar: who is logged in, the account switcher and the logout button."""

from __future__ import annotations

import streamlit as st

from sellerops.services.accounts import list_accounts
from sellerops.services.actor import Actor

ALL_ACCOUNTS = "All accounts"
ACCOUNT_KEY = "sellerops_account"
ACCOUNTS_KEY = "sellerops_accounts"


def account_choices(actor: Actor) -> dict[str, str | None]:
    """Return the switcher's labels mapped to account ids, the tenant-wide view first.

    Read once per browser session, because listing accounts decrypts every stored secret.
    """
    choices: dict[str, str | None] | None = st.session_state.get(ACCOUNTS_KEY)
    if choices is None:
        choices = {ALL_ACCOUNTS: None}
        for account in list_accounts(actor):
            label = account.name if account.is_active else f"{account.name} (inactive)"
            choices[label] = account.id
        st.session_state[ACCOUNTS_KEY] = choices
    return choices


def render_sidebar(actor: Actor, role: str, tenant_slug: str) -> tuple[str | None, bool]:
    """Draw the sidebar and return the chosen account id (None for all) and the logout click."""
    with st.sidebar:
        choices = account_choices(actor)
        label = st.selectbox(
            "Seller account",
            list(choices),
            key=ACCOUNT_KEY,
            help="Show one seller account, or every account of the tenant together.",
        )
        st.caption(f"{actor.email} · {role} · tenant {tenant_slug}")
        logout = st.button("Log out", icon=":material/logout:", key="logout")
    return choices.get(label), logout
