"""The `sellerops` command: one Typer app that mounts each area's commands."""

import logging

import typer

from sellerops.cli import (
    accounts,
    alerts,
    api,
    audit,
    dashboard,
    demo,
    init_command,
    pipeline,
    print_command,
    privacy,
    reports,
    sandbox,
    secrets,
    stock,
    tenants,
    users,
    webhook,
)

app = typer.Typer(
    name="sellerops",
    help="SellerOps: the back office of a Flipkart seller.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    # Plain Click help: Typer's rich renderer shows a type such as <bool> beside every flag.
    rich_markup_mode=None,
)


@app.callback()
def main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log every API request (INFO)."),
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


app.add_typer(sandbox.app, name="sandbox")
app.add_typer(api.app, name="api")
app.command()(demo.demo)
app.command()(init_command.init)
app.add_typer(tenants.tenant_app, name="tenant")
app.add_typer(tenants.plan_app, name="plan")
app.add_typer(accounts.app, name="account")
app.add_typer(users.app, name="user")
app.add_typer(audit.app, name="audit")
app.add_typer(secrets.app, name="secrets")
app.add_typer(privacy.app, name="privacy")
app.add_typer(pipeline.app, name="pipeline")
app.add_typer(stock.app, name="stock")
app.command("import-report")(reports.import_report)
app.command("print")(print_command.print_day_command)
app.add_typer(webhook.app, name="webhook")
app.add_typer(alerts.app, name="alerts")
app.command("dashboard")(dashboard.dashboard)
