"""Print the core's errors as one line without a traceback, with the documented exit codes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy.exc import SQLAlchemyError

from sellerops.errors import SellerOpsError

logger = logging.getLogger("sellerops.cli")


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn a `SellerOpsError` into `Error: <message>` on stderr and its exit code.

    Exit code 2 means bad input or configuration; 1 means a refused or failed action.
    """
    try:
        yield
    except SellerOpsError as error:
        logger.debug("Command failed", exc_info=True)
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(code=error.exit_code) from None
    except SQLAlchemyError as error:
        # Only the driver's first line: SQLAlchemy's own text lists the statement parameters,
        # which can hold password hashes and encrypted secrets.
        logger.debug("Database error of type %s", type(error).__name__)
        typer.echo(f"Error: the database failed ({database_reason(error)}).", err=True)
        raise typer.Exit(code=1) from None


def database_reason(error: SQLAlchemyError) -> str:
    """Return the first line of the driver's message, without SQL or parameters."""
    original = getattr(error, "orig", None)
    text = str(original) if original is not None else type(error).__name__
    lines = text.strip().splitlines()
    return lines[0] if lines else type(error).__name__
