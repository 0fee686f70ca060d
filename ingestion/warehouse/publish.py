"""Publish the working warehouse as the read-only copy the dashboard opens.

DuckDB refuses to open a file that another process holds for writing, and a reader blocks a
writer, so the dashboard never opens the working file. The pipeline copies it next to the
published path and renames the copy over it. A reader that has the old copy open keeps its
inode and reads the old data undisturbed; its next open reads the new file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ingestion.warehouse.connection import open_warehouse

logger = logging.getLogger("ingestion.warehouse")

VERSION_DIGITS = 16
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class PublishResult:
    """A published copy: its version (sha256 prefix of the file), time and run."""

    version: str
    published_at: datetime
    run_id: str
    path: Path
    bytes: int


def publish(
    working_path: Path | str, published_path: Path | str, version_path: Path | str, *, run_id: str
) -> PublishResult:
    """Checkpoint the working file, copy it over the published path atomically, write the version.

    The caller guarantees that no other process writes the working file meanwhile.
    """
    working_path, published_path = Path(working_path), Path(published_path)
    version_path = Path(version_path)
    if not working_path.exists():
        raise FileNotFoundError(
            f"Working warehouse {working_path} does not exist; run a sync before publishing."
        )

    # Folding the write-ahead log into the file makes the single file complete on its own.
    connection = open_warehouse(working_path)
    try:
        connection.execute("CHECKPOINT")
    finally:
        connection.close()

    published_path.parent.mkdir(parents=True, exist_ok=True)
    copy = _temporary_sibling(published_path)
    try:
        shutil.copyfile(working_path, copy)
        version, size = _digest(copy)
        _sync_file(copy)
        os.replace(copy, published_path)
    except BaseException:
        copy.unlink(missing_ok=True)
        raise

    published_at = datetime.now(UTC)
    record = {
        "version": version,
        "published_at": published_at.isoformat(),
        "run_id": run_id,
    }
    _write_atomically(version_path, json.dumps(record, indent=2) + "\n")
    logger.info(
        "Published %s as %s (version %s, %d bytes, run %s)",
        working_path.name,
        published_path,
        version,
        size,
        run_id,
    )
    return PublishResult(version, published_at, run_id, published_path, size)


def read_version(version_path: Path | str) -> dict[str, str] | None:
    """Return the published version record, or None when nothing was published yet."""
    try:
        return json.loads(Path(version_path).read_text())
    except FileNotFoundError:
        return None


def _temporary_sibling(path: Path) -> Path:
    # Same directory, so os.replace is a rename within one file system.
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    return Path(name)


def _digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest()[:VERSION_DIGITS], size


def _sync_file(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_sibling(path)
    try:
        temporary.write_text(text)
        _sync_file(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
