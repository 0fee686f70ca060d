"""`sellerops import-report FILE`: import a Seller Hub report file for a seller account."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sellerops.cli.context import TenantOption, acting_user, open_store
from sellerops.cli.errors import reported_errors
from sellerops.errors import InvalidInputError

if TYPE_CHECKING:
    from sellerops.services.actor import Actor
    from sellerops.services.report_uploads import ImportResult

# The readers' types (`ingestion.reports.report_types.REPORT_TYPES`), spelled out here so that
# `--help` does not import the readers; a test keeps the two equal.
TYPE_NAMES = "settlement, pnl, orders, returns"

UserOption = Annotated[
    str,
    typer.Option(
        "--user",
        "--as",
        envvar="SELLEROPS_USER",
        help=(
            "Email of the acting user; the password is read from SELLEROPS_PASSWORD or asked "
            "for without echo."
        ),
    ),
]


def import_report(
    file: Annotated[Path, typer.Argument(help="The report file (.xlsx or .csv) to import.")],
    account: Annotated[
        str,
        typer.Option("--account", help="Id or name of the seller account the report belongs to."),
    ],
    tenant: TenantOption,
    acting_email: UserOption,
    report_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            help=f"Report type, one of {TYPE_NAMES}; default: detected from the file's headers.",
        ),
    ] = None,
) -> None:
    """Import a Seller Hub report: print counts read, loaded and rejected, and each bad row.

    Exits 0 when the file loaded, even with rejected rows, or was already imported. Exits 1
    when the import failed and 2 for invalid input.
    """
    # Imported here, so that loading the readers, DuckDB and pyarrow slows no other command.
    import duckdb

    from ingestion.reports import MissingColumnError, ReportFileError
    from ingestion.reports.report_types import UnknownReportTypeError
    from ingestion.warehouse.tenant_lock import TenantLockTimeout
    from sellerops.services.report_imports import import_report as import_report_file

    with reported_errors():
        store = open_store()
        try:
            actor = acting_user(store, tenant, acting_email)
            account_id = resolve_account(actor, tenant, account)
            try:
                result = import_report_file(actor, account_id, file, report_type)
            except (
                ReportFileError,
                MissingColumnError,
                TenantLockTimeout,
                duckdb.Error,
                OSError,
            ) as error:
                option_hint = " with --type" if isinstance(error, UnknownReportTypeError) else ""
                typer.echo(f"Error: import of {file.name} failed: {error}{option_hint}", err=True)
                raise typer.Exit(code=1) from None
        finally:
            store.close()

    for line in result_lines(result):
        typer.echo(line)


def resolve_account(actor: Actor, tenant: str, account: str) -> str:
    """Return the id of the tenant's seller account whose id or name is `account`."""
    from sellerops.services import list_accounts

    accounts = list_accounts(actor)
    if any(view.id == account for view in accounts):
        return account

    named = [view.id for view in accounts if view.name.casefold() == account.casefold()]
    if len(named) == 1:
        return named[0]
    if named:
        raise InvalidInputError(
            f"{len(named)} seller accounts are named {account!r} ({', '.join(named)}); pass "
            f"--account with one of these ids."
        )
    raise InvalidInputError(
        f"No seller account {account!r} in tenant {tenant!r}; pass an id or name "
        f"that `sellerops account list` prints."
    )


def result_lines(result: ImportResult) -> list[str]:
    """Return the lines that report an import: the outcome, the counts and each rejected row."""
    counts = (
        f"{result.rows_read} rows read, {result.rows_loaded} loaded, "
        f"{result.rows_rejected} rejected, {result.rows_ignored} ignored"
    )
    if result.already_imported:
        lines = [
            f"{result.file_name} was already imported as upload {result.upload_id} "
            f"(sha256 {result.file_hash[:12]}...); nothing changed. {counts}."
        ]
    else:
        lines = [
            f"Imported {result.report_type} report {result.file_name} as upload "
            f"{result.upload_id}: {counts}."
        ]

    lines.extend(f"Warning: {warning}" for warning in result.warnings)
    if result.errors:
        lines.append("Rejected rows:")
    for error in result.errors:
        column = "(whole row)" if error.column is None else repr(error.column)
        value = "(empty)" if error.value is None else repr(error.value)
        lines.append(f"  row {error.row_number}\t{column}\t{value}\t{error.reason}")
    return lines
