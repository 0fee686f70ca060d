"""Send the output of in-process pipeline runs to a log file instead of the terminal."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TextIO

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class TeeStream(io.TextIOBase):
    """A text stream that writes everything to each of several streams."""

    def __init__(self, *streams: TextIO) -> None:
        self._streams = streams

    def write(self, text: str) -> int:
        for stream in self._streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self._streams:
            stream.flush()

    def isatty(self) -> bool:
        # dbt and coloredlogs colour their output for a terminal; a log file must stay plain.
        return False


@contextmanager
def captured_output(log_path: Path, *, verbose: bool = False) -> Iterator[None]:
    """Append the block's stdout, stderr and Python log records to `log_path`.

    dagster-dbt writes dbt's log lines to `sys.stdout` and Dagster's console logger writes to
    `sys.stderr`, so both are redirected, and with `verbose` they reach the terminal too. The
    root logger's handlers are replaced by one on the file, or joined by it when `verbose`.
    The `dagster` logger stops propagating for the block, because Dagster's console logger
    already writes every `dagster.builtin` record and the root handlers would repeat it.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    dagster_logger = logging.getLogger("dagster")
    saved_handlers, saved_propagate = root.handlers[:], dagster_logger.propagate

    with log_path.open("a", encoding="utf-8") as log_file:
        stdout: TextIO = TeeStream(log_file, sys.stdout) if verbose else log_file
        stderr: TextIO = TeeStream(log_file, sys.stderr) if verbose else log_file
        file_handler = logging.StreamHandler(log_file)
        file_handler.setFormatter(logging.Formatter(LOG_FORMAT))

        root.handlers = [file_handler, *(saved_handlers if verbose else [])]
        dagster_logger.propagate = False
        try:
            with redirect_stdout(stdout), redirect_stderr(stderr):
                yield
        finally:
            root.handlers = saved_handlers
            dagster_logger.propagate = saved_propagate
            log_file.flush()
