"""Argon2id password hashing with the cost parameters from the settings."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from sellerops.errors import InvalidInputError
from sellerops.settings import PasswordHashing

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024


def make_hasher(params: PasswordHashing) -> PasswordHasher:
    """Build an Argon2id hasher with `params`."""
    return PasswordHasher(
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        type=Type.ID,
    )


def check_password_strength(password: str, *, email: str = "") -> None:
    """Raise `InvalidInputError` if `password` is too short, too long, only whitespace or the
    user's `email` (the error never repeats the password)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(
            f"The password has {len(password)} characters; use at least {MIN_PASSWORD_LENGTH}."
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInputError(
            f"The password has {len(password)} characters; use at most {MAX_PASSWORD_LENGTH}."
        )
    if not password.strip():
        raise InvalidInputError("The password is only whitespace; choose a password with words.")
    if email and password.strip().lower() == email.strip().lower():
        raise InvalidInputError("The password is the user's email; choose a different password.")
    if "\x00" in password:
        raise InvalidInputError("The password contains a NUL character; remove it.")


def hash_password(hasher: PasswordHasher, password: str) -> str:
    """Return the Argon2id hash (PHC string with salt and parameters) of `password`."""
    return hasher.hash(password)


def verify_password(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    """Return True if `password` matches `password_hash`; a malformed hash never matches."""
    try:
        return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(hasher: PasswordHasher, password_hash: str) -> bool:
    """Return True if `password_hash` was made with other parameters than `hasher`'s."""
    try:
        return hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
