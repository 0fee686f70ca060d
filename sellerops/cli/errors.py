"""Print the core's errors as one line without a traceback, with the documented exit codes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import typer

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
