"""The benchmarks page: the machine line and the replacement of one marked section."""

from __future__ import annotations

import os
import platform
from pathlib import Path

BENCHMARKS_PAGE = Path("docs/benchmarks.md")


def machine_line() -> str:
    """Describe this machine: architecture, cores, Python version and operating system."""
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}"
    )


def write_section(section: str, begin_mark: str, end_mark: str, heading: str = "") -> None:
    """Replace the text between the two marks, or append `heading` and the section."""
    text = BENCHMARKS_PAGE.read_text() if BENCHMARKS_PAGE.exists() else ""
    if begin_mark in text and end_mark in text:
        head, rest = text.split(begin_mark, 1)
        _, tail = rest.split(end_mark, 1)
        text = head + section + tail
    else:
        text = text.rstrip() + "\n\n" + heading + section + "\n"
    BENCHMARKS_PAGE.write_text(text)
