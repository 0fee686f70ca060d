"""Document files on disk, addressed by content: `documents/<tenant>/<hash[:2]>/<hash>.pdf`."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path, PurePosixPath

from sellerops.errors import NotFoundError
from sellerops.store import Store

DOCUMENTS_FOLDER = "documents"


def write_content(
    store: Store, tenant_slug: str, content: bytes, suffix: str = ".pdf"
) -> tuple[str, str]:
    """Store `content` once under the tenant's folder; return its SHA-256 and relative path.

    The file is written to a temporary name and renamed, so a reader never sees half a file. The
    same bytes twice are one file.
    """
    digest = hashlib.sha256(content).hexdigest()
    relative = PurePosixPath(DOCUMENTS_FOLDER, tenant_slug, digest[:2], f"{digest}{suffix}")
    target = store.settings.data_dir / relative
    if target.exists() and target.stat().st_size == len(content):
        return digest, relative.as_posix()

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest, relative.as_posix()


def read_content(store: Store, stored_path: str, content_hash: str) -> bytes:
    """Read a stored file and check it against its recorded SHA-256."""
    path = store.settings.data_dir / stored_path
    if not path.is_file():
        raise NotFoundError(
            f"Document file {stored_path!r} is missing from the data directory "
            f"{store.settings.data_dir}; restore it from a backup or issue the document again."
        )
    content = path.read_bytes()
    actual = hashlib.sha256(content).hexdigest()
    if actual != content_hash:
        raise NotFoundError(
            f"Document file {stored_path!r} has SHA-256 {actual}, not the recorded "
            f"{content_hash}; the file was changed on disk, so restore it from a backup."
        )
    return content
