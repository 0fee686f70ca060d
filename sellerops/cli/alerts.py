"""`sellerops alerts ...`: rules, recipients, channels, quiet hours, the inbox and runs."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Annotated, TypeVar
from zoneinfo import ZoneInfo

import typer

from sellerops.alerts.warehouse import read_published_rows
from sellerops.cli.context import ActingUserOption, TenantOption, acting_user, open_store
from sellerops.cli.errors import reported_errors
from sellerops.errors import InvalidInputError
from sellerops.notify.email import DEFAULT_PORT
from sellerops.notify.whatsapp import DEFAULT_API_VERSION, DEFAULT_BASE_URL
from sellerops.services.actor import Actor
from sellerops.services.alert_channels import (
    configure_email,
    configure_whatsapp,
    disable_channel,
    list_channels,
    send_test_message,
)
from sellerops.services.alerts import (
    RunReport,
    add_recipient,
    list_deliveries,
    list_inbox,
    list_recipients,
    list_rules,
    mark_read,
    remove_recipient,
    run_alerts,
    set_quiet_hours,
    set_rule,
)

SMTP_PASSWORD_VARIABLE = "SELLEROPS_SMTP_PASSWORD"  # noqa: S105 (a variable name)
WHATSAPP_TOKEN_VARIABLE = "SELLEROPS_WHATSAPP_TOKEN"  # noqa: S105 (a variable name)

app = typer.Typer(help="Alerts by email, WhatsApp and the in-app inbox.")

INDIA = ZoneInfo("Asia/Kolkata")

Result = TypeVar("Result")

KindArgument = Annotated[
    str, typer.Argument(help="Alert kind, such as pending_dispatch or low_stock.")
]
ChannelArgument = Annotated[str, typer.Argument(help="Channel: email or whatsapp.")]


def _run(tenant: str, email: str, call: Callable[[Actor], Result]) -> Result:
    """Log the acting user in, run `call`, and print a failure as one `Error:` line."""
    with reported_errors():
        store = open_store()
        try:
            return call(acting_user(store, tenant, email))
        finally:
            store.close()


def _secret(variable: str, prompt: str) -> str:
    value = os.environ.get(variable)
    if value is None:
        value = typer.prompt(prompt, hide_input=True)
    return value


@app.command("rules")
def rules(tenant: TenantOption, acting_email: ActingUserOption) -> None:
    """Print each alert kind's state, threshold (in its unit) and de-duplication window."""
    views = _run(tenant, acting_email, list_rules)
    typer.echo("kind\tenabled\tthreshold\tunit\twindow_hours")
    for view in views:
        typer.echo(
            f"{view.kind}\t{view.is_enabled}\t{view.threshold.normalize()}\t{view.unit}\t"
            f"{view.window_hours}"
        )


@app.command("rule")
def rule(
    kind: KindArgument,
    tenant: TenantOption,
    acting_email: ActingUserOption,
    enabled: Annotated[
        bool | None, typer.Option("--enable/--disable", help="Switch the rule on or off.")
    ] = None,
    threshold: Annotated[
        str | None, typer.Option("--threshold", help="New threshold, in the unit `rules` shows.")
    ] = None,
    window_hours: Annotated[
        int | None,
        typer.Option("--window-hours", help="Hours within which a condition alerts once."),
    ] = None,
) -> None:
    """Change one alert kind's settings."""
    view = _run(
        tenant,
        acting_email,
        lambda actor: set_rule(
            actor, kind, is_enabled=enabled, threshold=threshold, window_hours=window_hours
        ),
    )
    typer.echo(
        f"{view.kind}: enabled={view.is_enabled} threshold={view.threshold.normalize()} "
        f"{view.unit}, window {view.window_hours} h"
    )


@app.command("recipients")
def recipients(tenant: TenantOption, acting_email: ActingUserOption) -> None:
    """Print the recipients of alerts."""
    views = _run(tenant, acting_email, list_recipients)
    typer.echo("id\tchannel\taddress\tlabel\tkinds")
    for view in views:
        kinds = ",".join(view.kinds) or "all"
        typer.echo(f"{view.id}\t{view.channel}\t{view.address}\t{view.label}\t{kinds}")


@app.command("recipient-add")
def recipient_add(
    channel: ChannelArgument,
    address: Annotated[
        str, typer.Argument(help="Email address, or WhatsApp number with country code.")
    ],
    tenant: TenantOption,
    acting_email: ActingUserOption,
    label: Annotated[str, typer.Option("--label", help="Who this is, such as 'Ops desk'.")] = "",
    kinds: Annotated[
        list[str] | None,
        typer.Option("--kind", help="Send only this kind; repeat for several (default: all)."),
    ] = None,
) -> None:
    """Add a recipient of alerts."""
    view = _run(
        tenant,
        acting_email,
        lambda actor: add_recipient(actor, channel, address, label=label, kinds=kinds or ()),
    )
    typer.echo(f"Added {view.channel} recipient {view.address} ({view.id}).")


@app.command("recipient-remove")
def recipient_remove(
    recipient_id: Annotated[str, typer.Argument(help="Recipient id from `alerts recipients`.")],
    tenant: TenantOption,
    acting_email: ActingUserOption,
) -> None:
    """Remove a recipient of alerts."""
    _run(tenant, acting_email, lambda actor: remove_recipient(actor, recipient_id))
    typer.echo(f"Removed recipient {recipient_id}.")


@app.command("email-setup")
def email_setup(
    tenant: TenantOption,
    acting_email: ActingUserOption,
    host: Annotated[str, typer.Option("--host", help="SMTP submission server.")],
    from_address: Annotated[str, typer.Option("--from", help="Sender address of alerts.")],
    port: Annotated[int, typer.Option("--port", help="SMTP port; STARTTLS is required.")] = (
        DEFAULT_PORT
    ),
    username: Annotated[str, typer.Option("--username", help="SMTP login, if any.")] = "",
    ca_file: Annotated[
        str | None, typer.Option("--ca-file", help="PEM file of a private CA to trust.")
    ] = None,
) -> None:
    """Set up email alerts; the password comes from SELLEROPS_SMTP_PASSWORD or a prompt."""
    password = _secret(SMTP_PASSWORD_VARIABLE, "SMTP password") if username else None
    _run(
        tenant,
        acting_email,
        lambda actor: configure_email(
            actor,
            host=host,
            port=port,
            from_address=from_address,
            username=username,
            password=password,
            ca_file=ca_file,
        ),
    )
    typer.echo(f"Email alerts go through {host}:{port}; try `sellerops alerts test email ADDRESS`.")


@app.command("whatsapp-setup")
def whatsapp_setup(
    tenant: TenantOption,
    acting_email: ActingUserOption,
    phone_number_id: Annotated[
        str, typer.Option("--phone-number-id", help="WhatsApp Business phone number id.")
    ],
    template: Annotated[
        str, typer.Option("--template", help="Approved template with 2 body parameters.")
    ],
    language: Annotated[str, typer.Option("--language", help="Template language code.")] = "en",
    base_url: Annotated[str, typer.Option("--base-url", help="Cloud API base URL.")] = (
        DEFAULT_BASE_URL
    ),
    api_version: Annotated[str, typer.Option("--api-version", help="Graph API version.")] = (
        DEFAULT_API_VERSION
    ),
) -> None:
    """Set up WhatsApp alerts; the token comes from SELLEROPS_WHATSAPP_TOKEN or a prompt."""
    token = _secret(WHATSAPP_TOKEN_VARIABLE, "WhatsApp access token")
    _run(
        tenant,
        acting_email,
        lambda actor: configure_whatsapp(
            actor,
            phone_number_id=phone_number_id,
            template_name=template,
            access_token=token,
            language_code=language,
            base_url=base_url,
            api_version=api_version,
        ),
    )
    typer.echo("WhatsApp alerts are set up; try `sellerops alerts test whatsapp NUMBER`.")


@app.command("channels")
def channels(tenant: TenantOption, acting_email: ActingUserOption) -> None:
    """Print the channels and their settings; secrets show only as set or not."""
    views = _run(tenant, acting_email, list_channels)
    for view in views:
        settings = " ".join(f"{key}={value}" for key, value in view.settings.items())
        secret = "set" if view.has_secret else "not set"
        typer.echo(f"{view.channel}\tenabled={view.is_enabled}\tsecret {secret}\t{settings}")


@app.command("channel-disable")
def channel_disable(
    channel: ChannelArgument, tenant: TenantOption, acting_email: ActingUserOption
) -> None:
    """Switch a channel off; its settings are kept."""
    _run(tenant, acting_email, lambda actor: disable_channel(actor, channel))
    typer.echo(f"The {channel} channel is off.")


@app.command("test")
def test(
    channel: ChannelArgument,
    recipient: Annotated[str, typer.Argument(help="Address or number to send the test to.")],
    tenant: TenantOption,
    acting_email: ActingUserOption,
) -> None:
    """Send a test message now; exits 1 when the channel fails."""
    result = _run(tenant, acting_email, lambda actor: send_test_message(actor, channel, recipient))
    if not result.ok:
        typer.echo(f"Error: {result.detail}", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"Sent ({result.detail}).")


@app.command("quiet-hours")
def quiet_hours(
    tenant: TenantOption,
    acting_email: ActingUserOption,
    start: Annotated[str | None, typer.Argument(help="Start, HH:MM in India.")] = None,
    end: Annotated[str | None, typer.Argument(help="End, HH:MM in India.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the quiet hours.")] = False,
) -> None:
    """Hold email and WhatsApp messages between START and END; the inbox still fills."""
    if clear and (start or end):
        with reported_errors():
            raise InvalidInputError("Give either --clear or START and END, not both.")
    if not clear and not (start and end):
        with reported_errors():
            raise InvalidInputError("Give START and END (such as 22:00 07:00), or --clear.")
    result = _run(tenant, acting_email, lambda actor: set_quiet_hours(actor, start, end))
    typer.echo(f"Quiet hours {result[0]} to {result[1]} IST." if result else "No quiet hours.")


@app.command("inbox")
def inbox(
    tenant: TenantOption,
    acting_email: ActingUserOption,
    unread: Annotated[bool, typer.Option("--unread", help="Only alerts not yet read.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="At most this many (up to 500).")] = 50,
) -> None:
    """Print the newest alerts, newest first, with times in India."""
    views = _run(
        tenant, acting_email, lambda actor: list_inbox(actor, unread_only=unread, limit=limit)
    )
    typer.echo("id\traised_ist\tseverity\tkind\tread\ttitle")
    for view in views:
        raised = view.created_at.astimezone(INDIA).strftime("%Y-%m-%d %H:%M")
        read = "yes" if view.read_at else "no"
        typer.echo(f"{view.id}\t{raised}\t{view.severity}\t{view.kind}\t{read}\t{view.title}")


@app.command("read")
def read(
    alert_id: Annotated[str, typer.Argument(help="Alert id from `alerts inbox`.")],
    tenant: TenantOption,
    acting_email: ActingUserOption,
) -> None:
    """Mark an alert read."""
    view = _run(tenant, acting_email, lambda actor: mark_read(actor, alert_id))
    typer.echo(f"{view.title}\n{view.body}")


@app.command("deliveries")
def deliveries(
    tenant: TenantOption,
    acting_email: ActingUserOption,
    alert_id: Annotated[
        str | None, typer.Option("--alert", help="Only the messages that list this alert.")
    ] = None,
) -> None:
    """Print the delivery log: each message's kind, alert count, status and last error."""
    views = _run(tenant, acting_email, lambda actor: list_deliveries(actor, alert_id=alert_id))
    typer.echo("id\tkind\talerts\tchannel\trecipient\tstatus\tattempts\tlast_error")
    for view in views:
        typer.echo(
            f"{view.id}\t{view.kind}\t{view.alert_count}\t{view.channel}\t{view.recipient}\t"
            f"{view.status}\t{view.attempts}\t{view.last_error or ''}"
        )


@app.command("run")
def run(tenant: TenantOption, acting_email: ActingUserOption) -> None:
    """Evaluate the rules on the published warehouse now and deliver due messages."""

    def call(actor: Actor) -> RunReport:
        rows = read_published_rows(actor.store.settings.data_dir, tenant)
        return run_alerts(actor, rows)

    report = _run(tenant, acting_email, call)
    dispatch = report.dispatch
    typer.echo(
        f"{report.candidates} condition(s), {report.raised} new alert(s); sent {dispatch.sent}, "
        f"{dispatch.retried} to retry, {dispatch.failed} failed, {dispatch.held} held."
    )
