"""The alert-channel section of Settings: set up email and WhatsApp, and send a test message.

Only the owner changes channels (Action.ALERT_CHANNEL_CONFIGURE); owners and managers may send
a test message (Action.ALERT_CONFIGURE). A stored secret is never shown, only whether one is
set, and leaving its field blank keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.notify.email import DEFAULT_PORT
from sellerops.notify.whatsapp import DEFAULT_API_VERSION, DEFAULT_BASE_URL
from sellerops.security.permissions import Action
from sellerops.services.alert_channels import (
    ChannelView,
    configure_email,
    configure_whatsapp,
    disable_channel,
    list_channels,
    send_test_message,
)
from streamlit_app.components.formatting import plain
from streamlit_app.context import PageContext

CHANNEL_TITLES = {"email": "Email", "whatsapp": "WhatsApp"}
# Session key of the message a save or disable shows after the rerun that redraws the table.
NOTICE_KEY = "alert_channels_notice"
SECRET_NAMES = {"email": "SMTP password", "whatsapp": "Access token"}


def render_alert_channels(ctx: PageContext) -> None:
    """Draw the alert channels: forms for the owner, their state for every other role."""
    st.subheader("Alert channels", divider="gray")
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.success(notice)
    channels = {view.channel: view for view in list_channels(ctx.actor)}
    st.dataframe(
        [_status_row(channel, channels.get(channel)) for channel in CHANNEL_TITLES],
        hide_index=True,
        key="alert_channels_status",
    )
    if not ctx.can(Action.ALERT_CHANNEL_CONFIGURE):
        st.caption("Only the tenant's owner can set up or change alert channels.")
    can_test = ctx.can(Action.ALERT_CONFIGURE)
    if not (ctx.can(Action.ALERT_CHANNEL_CONFIGURE) or can_test):
        return

    email_tab, whatsapp_tab = st.tabs(list(CHANNEL_TITLES.values()))
    with email_tab:
        if ctx.can(Action.ALERT_CHANNEL_CONFIGURE):
            _email_form(ctx, channels.get("email"))
        if can_test:
            _test_message(ctx, "email", "Send to", "ops@example.com")
    with whatsapp_tab:
        if ctx.can(Action.ALERT_CHANNEL_CONFIGURE):
            _whatsapp_form(ctx, channels.get("whatsapp"))
        if can_test:
            _test_message(ctx, "whatsapp", "Send to (with country code)", "+91 98765 43210")


def _status_row(channel: str, view: ChannelView | None) -> dict[str, str]:
    if view is None:
        state, secret = "not set up", "not set"
    else:
        state = "enabled" if view.is_enabled else "disabled"
        secret = "set" if view.has_secret else "not set"
    return {
        "Channel": CHANNEL_TITLES[channel],
        "State": state,
        "Secret": f"{SECRET_NAMES[channel]} {secret}",
    }


def _email_form(ctx: PageContext, view: ChannelView | None) -> None:
    stored = view.settings if view else {}
    with st.form("alert_email_form"):
        host = st.text_input("SMTP host", value=stored.get("host", ""), key="alert_email_host")
        port = st.number_input(
            "Port",
            min_value=1,
            max_value=65535,
            value=int(stored.get("port", DEFAULT_PORT)),
            help="The submission port; the connection is upgraded with STARTTLS.",
            key="alert_email_port",
        )
        sender = st.text_input(
            "From address", value=stored.get("from_address", ""), key="alert_email_from"
        )
        username = st.text_input(
            "User name", value=stored.get("username", ""), key="alert_email_username"
        )
        password = st.text_input(
            "Password",
            type="password",
            placeholder=_secret_placeholder(view),
            key="alert_email_password",
        )
        ca_file = st.text_input(
            "CA file (optional)",
            value=stored.get("ca_file") or "",
            help="A PEM bundle to trust for a server with a private certificate.",
            key="alert_email_ca_file",
        )
        submitted = st.form_submit_button("Save email channel", key="alert_email_save")
    if submitted:
        _report(
            lambda: configure_email(
                ctx.actor,
                host=host,
                port=int(port),
                from_address=sender,
                username=username,
                password=password or None,
                ca_file=ca_file.strip() or None,
            ),
            "Email channel saved and enabled.",
            clear_widget="alert_email_password",
        )
    _disable_button(ctx, "email", view)


def _whatsapp_form(ctx: PageContext, view: ChannelView | None) -> None:
    stored = view.settings if view else {}
    with st.form("alert_whatsapp_form"):
        phone_number_id = st.text_input(
            "Phone number id",
            value=stored.get("phone_number_id", ""),
            help="The id Meta shows for the business phone number, not the number itself.",
            key="alert_whatsapp_phone_number_id",
        )
        template_name = st.text_input(
            "Template name",
            value=stored.get("template_name", ""),
            help="An approved template with two body parameters: the subject and the text.",
            key="alert_whatsapp_template",
        )
        language_code = st.text_input(
            "Template language", value=stored.get("language_code", "en"), key="alert_whatsapp_lang"
        )
        token = st.text_input(
            "Access token",
            type="password",
            placeholder=_secret_placeholder(view),
            key="alert_whatsapp_token",
        )
        base_url = st.text_input(
            "API base URL",
            value=stored.get("base_url", DEFAULT_BASE_URL),
            key="alert_whatsapp_base_url",
        )
        api_version = st.text_input(
            "API version",
            value=stored.get("api_version", DEFAULT_API_VERSION),
            key="alert_whatsapp_api_version",
        )
        submitted = st.form_submit_button("Save WhatsApp channel", key="alert_whatsapp_save")
    if submitted:
        _report(
            lambda: configure_whatsapp(
                ctx.actor,
                phone_number_id=phone_number_id.strip(),
                template_name=template_name.strip(),
                access_token=token or None,
                language_code=language_code.strip(),
                base_url=base_url.strip(),
                api_version=api_version.strip(),
            ),
            "WhatsApp channel saved and enabled.",
            clear_widget="alert_whatsapp_token",
        )
    _disable_button(ctx, "whatsapp", view)


def _disable_button(ctx: PageContext, channel: str, view: ChannelView | None) -> None:
    if view is None or not view.is_enabled:
        return
    if st.button(f"Disable {CHANNEL_TITLES[channel]}", key=f"alert_{channel}_disable"):
        _report(
            lambda: disable_channel(ctx.actor, channel),
            f"{CHANNEL_TITLES[channel]} channel disabled; its settings are kept.",
        )


def _test_message(ctx: PageContext, channel: str, label: str, example: str) -> None:
    columns = st.columns([3, 1], vertical_alignment="bottom")
    with columns[0]:
        recipient = st.text_input(label, placeholder=example, key=f"alert_{channel}_test_to")
    with columns[1]:
        clicked = st.button(
            "Send test message", key=f"alert_{channel}_test", icon=":material/send:"
        )
    if not clicked:
        return
    try:
        result = send_test_message(ctx.actor, channel, recipient)
    except (InvalidInputError, NotFoundError) as error:
        st.error(plain(error))
        return
    if result.ok:
        st.success(f"Test message sent (message id {result.detail}).")
    else:
        st.error(f"Test message failed: {result.detail}")


def _report(action: Callable[[], Any], success: str, clear_widget: str | None = None) -> None:
    """Run a channel change and redraw the page with `success`, or show the input error.

    After a save the `clear_widget` field (the secret's) is emptied, so the browser session
    keeps no copy of the secret.
    Other errors propagate to the page's error boundary.
    """
    try:
        action()
    except (InvalidInputError, NotFoundError) as error:
        st.error(plain(error))
        return
    if clear_widget is not None:
        st.session_state.pop(clear_widget, None)
    st.session_state[NOTICE_KEY] = success
    st.rerun()


def _secret_placeholder(view: ChannelView | None) -> str:
    if view is not None and view.has_secret:
        return "Set; leave blank to keep it"
    return "Not set"
