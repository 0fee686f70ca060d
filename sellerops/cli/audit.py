"""`sellerops audit verify`: check the hash chain and name the first tampered entry."""

from __future__ import annotations

import typer

from sellerops.audit import verify_audit_log
from sellerops.cli.context import open_store
from sellerops.cli.errors import reported_errors

app = typer.Typer(help="The hash-chained audit log.")


@app.command("verify")
def verify() -> None:
    """Verify the whole chain; exit 1 and name each broken entry if it was tampered with."""
    with reported_errors():
        store = open_store()
        try:
            with store.operator_read() as session:
                report = verify_audit_log(session)
        finally:
            store.close()

    if report.ok:
        typer.echo(report.summary())
        return
    typer.echo(report.summary(), err=True)
    for problem in report.problems:
        typer.echo(f"  #{problem.sequence} {problem.kind.value}: {problem.message}", err=True)
    raise typer.Exit(code=1)
