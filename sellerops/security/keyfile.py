"""The key file: Fernet keys, one per line, the first one encrypting, created with mode 0600."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from cryptography.fernet import Fernet

from sellerops.errors import SecretKeyError

logger = logging.getLogger(__name__)

KEY_FILE_MODE = 0o600


def read_key_file(path: Path) -> list[str]:
    """Return the keys stored in `path`, newest (encrypting) first."""
    try:
        text = path.read_text(encoding="ascii")
    except OSError as error:
        raise SecretKeyError(
            f"Cannot read the key file {str(path)!r} ({error.strerror}); check its owner and "
            f"mode 0600, or set SELLEROPS_SECRET_KEY."
        ) from None
    except UnicodeDecodeError:
        raise SecretKeyError(
            f"The key file {str(path)!r} contains non-ASCII bytes, so it is not a valid key "
            f"file; restore it from a backup or set SELLEROPS_SECRET_KEY."
        ) from None

    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        logger.warning(
            "Key file %s has mode %o; other users may read it, run `chmod 600 %s`", path, mode, path
        )

    keys = [line.strip() for line in text.splitlines() if line.strip()]
    if not keys:
        raise SecretKeyError(
            f"The key file {str(path)!r} is empty; restore it from a backup, because the stored "
            f"secrets cannot be decrypted without it."
        )
    return keys


def create_key_file(path: Path) -> list[str]:
    """Create `path` with one new Fernet key and mode 0600; fails if the file exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key().decode("ascii")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
    except FileExistsError:
        return read_key_file(path)

    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        # The umask may have narrowed the mode given to open; set it explicitly.
        os.fchmod(handle.fileno(), KEY_FILE_MODE)
        handle.write(key + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    logger.info("Created the secret key file %s (mode 0600)", path)
    return [key]


def write_key_file(path: Path, keys: list[str]) -> None:
    """Replace `path` atomically with `keys`, keeping mode 0600."""
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, KEY_FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        os.fchmod(handle.fileno(), KEY_FILE_MODE)
        handle.write("".join(key + "\n" for key in keys))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
