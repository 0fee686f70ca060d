"""Fernet encryption of app secrets and tokens at rest, with MultiFernet for key rotation.

The key comes from `SELLEROPS_SECRET_KEY` (one key, or several separated by commas, the first
encrypting) or else from the key file, which is created with mode 0600 on first use.
"""

from __future__ import annotations

import binascii
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from sellerops.errors import SecretKeyError
from sellerops.security.keyfile import create_key_file, read_key_file
from sellerops.settings import SECRET_KEY_VARIABLE, Settings

GENERATE_HINT = (
    'generate one with `python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"`'
)


class SecretBox:
    """Encrypts with the first key and decrypts with any of the keys."""

    def __init__(self, keys: Sequence[str], *, source: str) -> None:
        if not keys:
            raise SecretKeyError(f"No secret key in {source}; {GENERATE_HINT}.")
        self.source = source
        self._fernets = [_fernet(key, source) for key in keys]
        self._multi = MultiFernet(self._fernets)

    def __repr__(self) -> str:
        return f"SecretBox(source={self.source!r}, keys={len(self._fernets)})"

    def encrypt(self, plaintext: str) -> str:
        """Return the Fernet token of `plaintext` under the first key."""
        return self._multi.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """Return the plaintext of `token`; raises `SecretKeyError` if no key decrypts it."""
        try:
            return self._multi.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise SecretKeyError(
                f"The secret key from {self.source} does not decrypt a stored secret; use the "
                f"key the secrets were encrypted with (restore the key file or "
                f"{SECRET_KEY_VARIABLE})."
            ) from None

    def rotate(self, token: str) -> str:
        """Re-encrypt `token` under the first key (it may be encrypted under any key)."""
        try:
            return self._multi.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise SecretKeyError(
                f"The keys from {self.source} do not decrypt a stored secret, so it cannot be "
                f"re-encrypted; add the key it was encrypted with and run the rotation again."
            ) from None


def load_keys(settings: Settings, *, create: bool = True) -> tuple[list[str], str]:
    """Return the keys from the environment or the key file, and a description of the source.

    With `create`, a missing key file is created with one new key.
    """
    if settings.secret_key:
        keys = [key.strip() for key in settings.secret_key.split(",") if key.strip()]
        return keys, SECRET_KEY_VARIABLE

    path = settings.resolved_key_file
    source = f"key file {path}"
    if path.exists():
        return read_key_file(path), source
    if not create:
        raise SecretKeyError(
            f"The key file {str(path)!r} does not exist; run `sellerops init` or set "
            f"{SECRET_KEY_VARIABLE}."
        )
    return create_key_file(path), source


def open_secret_box(settings: Settings, *, create: bool = True) -> SecretBox:
    """Build the `SecretBox` for `settings` (see `load_keys`)."""
    keys, source = load_keys(settings, create=create)
    return SecretBox(keys, source=source)


def _fernet(key: str, source: str) -> Fernet:
    try:
        return Fernet(key)
    except (ValueError, binascii.Error):
        raise SecretKeyError(
            f"A key in {source} is not a valid Fernet key (32 url-safe base64-encoded bytes); "
            f"{GENERATE_HINT}."
        ) from None
