"""The `sellerops` command: one Typer app that mounts each area's commands."""

import logging

import typer

from sellerops.cli import api, demo, sandbox

app = typer.Typer(
    name="sellerops",
    help="SellerOps: the back office of a Flipkart seller.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
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
