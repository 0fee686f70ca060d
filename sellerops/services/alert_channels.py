"""Alert channel services: set up email and WhatsApp, switch them off, send a test message.

Secrets (the SMTP password, the WhatsApp access token) are stored encrypted and never
returned; the views show whether one is set.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select

from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import AlertChannel
from sellerops.notify.channels import Channel, build_sender, normalize_address, parse_channel
from sellerops.notify.delivery import DeliveryError, Message
from sellerops.notify.email import DEFAULT_PORT
from sellerops.notify.whatsapp import DEFAULT_API_VERSION, DEFAULT_BASE_URL
from sellerops.security.permissions import Action
from sellerops.security.text_input import check_text
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success

logger = logging.getLogger("sellerops.services")

MAX_HOST_LENGTH = 253
MAX_SECRET_LENGTH = 1000
MAX_PATH_LENGTH = 500
# Used with fullmatch: `$` alone would also accept a value ending in a newline.
_TEMPLATE_NAME = re.compile(r"[a-z0-9_]{1,512}")
_DIGITS = re.compile(r"[0-9]{1,30}")
_API_VERSION = re.compile(r"v[0-9]{1,3}\.[0-9]{1,3}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
_BASE_URL = re.compile(r"https?://[^\s/]+(:[0-9]+)?/?")


@dataclass(frozen=True)
class ChannelView:
    """A channel's settings without its secret."""

    channel: str
    is_enabled: bool
    settings: dict[str, Any]
    has_secret: bool


@dataclass(frozen=True)
class TestResult:
    """The outcome of a test message: the provider's message id, or the error."""

    channel: str
    ok: bool
    detail: str


def configure_email(
    actor: Actor,
    *,
    host: str,
    from_address: str,
    port: int = DEFAULT_PORT,
    username: str = "",
    password: str | None = None,
    ca_file: str | None = None,
) -> ChannelView:
    """Set and enable the email channel; a `password` of None keeps the stored one."""
    check_text("SMTP host", host, MAX_HOST_LENGTH)
    if not host.strip():
        raise InvalidInputError("The SMTP host is empty; give the submission server's name.")
    # bool is a subclass of int, and a text "587" would be stored as text.
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise InvalidInputError(
            f"SMTP port {port!r} is invalid; pass a whole number from 1 to 65535 (usually 587)."
        )
    sender = normalize_address(Channel.EMAIL, from_address)
    check_text("SMTP user name", username, MAX_HOST_LENGTH)
    if password is not None:
        check_text("SMTP password", password, MAX_SECRET_LENGTH)
    if ca_file is not None:
        check_text("CA file path", ca_file, MAX_PATH_LENGTH)
    settings = {
        "host": host.strip(),
        "port": port,
        "from_address": sender,
        "username": username.strip(),
        "ca_file": ca_file,
    }
    return _save(actor, Channel.EMAIL, settings, password)


def configure_whatsapp(
    actor: Actor,
    *,
    phone_number_id: str,
    template_name: str,
    access_token: str | None = None,
    language_code: str = "en",
    base_url: str = DEFAULT_BASE_URL,
    api_version: str = DEFAULT_API_VERSION,
) -> ChannelView:
    """Set and enable the WhatsApp channel; an `access_token` of None keeps the stored one.

    `base_url` is Meta's Graph API unless a test server or a proxy replaces it.
    """
    checks = (
        (_DIGITS, phone_number_id, "phone number id", "the digits Meta shows for the number"),
        (_TEMPLATE_NAME, template_name, "template name", "lower-case letters, digits and _"),
        (_LANGUAGE, language_code, "language code", "such as en or en_US"),
        (_BASE_URL, base_url, "API base URL", "such as https://graph.facebook.com"),
        (_API_VERSION, api_version, "API version", "such as v21.0"),
    )
    for pattern, value, field, form in checks:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise InvalidInputError(f"WhatsApp {field} {value!r} is invalid; use {form}.")
    try:
        httpx.URL(base_url)
    except httpx.InvalidURL as error:
        raise InvalidInputError(
            f"WhatsApp API base URL {base_url!r} is invalid ({error}); use a URL such as "
            f"https://graph.facebook.com."
        ) from None
    if access_token is not None:
        check_text("WhatsApp access token", access_token, MAX_SECRET_LENGTH)
    settings = {
        "phone_number_id": phone_number_id,
        "template_name": template_name,
        "language_code": language_code,
        "base_url": base_url.rstrip("/"),
        "api_version": api_version,
    }
    return _save(actor, Channel.WHATSAPP, settings, access_token)


def disable_channel(actor: Actor, channel: str) -> ChannelView:
    """Switch a channel off; its settings stay for when it is configured again."""
    parsed = parse_channel(channel)
    authorize(
        actor, Action.ALERT_CHANNEL_CONFIGURE, object_type="alert_channel", object_id=parsed.value
    )
    with actor.store.write(actor.tenant_id) as session:
        row = session.get(AlertChannel, (actor.tenant_id, parsed.value))
        if row is None:
            raise NotFoundError(f"The {parsed.value} channel is not set up; nothing to disable.")
        row.is_enabled = False
        record_success(
            session,
            actor,
            Action.ALERT_CHANNEL_CONFIGURE,
            object_type="alert_channel",
            object_id=parsed.value,
            detail={"is_enabled": False},
        )
        return _view(row)


def list_channels(actor: Actor) -> list[ChannelView]:
    """Return the tenant's channels without their secrets."""
    authorize(actor, Action.ALERT_VIEW, object_type="alert_channel")
    with actor.store.read(actor.tenant_id) as session:
        rows = session.scalars(select(AlertChannel).order_by(AlertChannel.channel)).all()
        return [_view(row) for row in rows]


def send_test_message(actor: Actor, channel: str, recipient: str) -> TestResult:
    """Send a test message through a configured channel now, outside the outbox.

    Returns the failure instead of raising it, because the settings page shows a failed test
    as its result.
    """
    parsed = parse_channel(channel)
    address = normalize_address(parsed, recipient)
    authorize(actor, Action.ALERT_CONFIGURE, object_type="alert_channel", object_id=parsed.value)
    with actor.store.read(actor.tenant_id) as session:
        row = session.get(AlertChannel, (actor.tenant_id, parsed.value))
        if row is None:
            raise NotFoundError(
                f"The {parsed.value} channel is not set up; configure it before testing it."
            )
        sender = build_sender(row, actor.store.secrets)

    message = Message(
        subject="[SellerOps] Test alert",
        text="This is a test message from SellerOps. Alerts will arrive like this one.",
    )
    try:
        result = TestResult(parsed.value, True, sender.send(address, message))
    except DeliveryError as error:
        result = TestResult(parsed.value, False, str(error))

    with actor.store.write(actor.tenant_id) as session:
        record_success(
            session,
            actor,
            Action.ALERT_CONFIGURE,
            object_type="alert_channel",
            object_id=parsed.value,
            detail={"test": True, "ok": result.ok},
        )
    logger.info("%s tested the %s channel: ok=%s", actor.label, parsed.value, result.ok)
    return result


def _save(
    actor: Actor, channel: Channel, settings: dict[str, Any], secret: str | None
) -> ChannelView:
    authorize(
        actor, Action.ALERT_CHANNEL_CONFIGURE, object_type="alert_channel", object_id=channel.value
    )
    with actor.store.write(actor.tenant_id) as session:
        row = session.get(AlertChannel, (actor.tenant_id, channel.value))
        if row is None:
            row = AlertChannel(tenant_id=actor.tenant_id, channel=channel.value)
            session.add(row)
        row.settings = settings
        row.is_enabled = True
        if secret is not None:
            row.secret_encrypted = actor.store.secrets.encrypt(secret) if secret else None
        record_success(
            session,
            actor,
            Action.ALERT_CHANNEL_CONFIGURE,
            object_type="alert_channel",
            object_id=channel.value,
            detail={"settings": settings, "secret_changed": secret is not None},
        )
        return _view(row)


def _view(row: AlertChannel) -> ChannelView:
    return ChannelView(
        row.channel, row.is_enabled, dict(row.settings), row.secret_encrypted is not None
    )
