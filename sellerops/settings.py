"""Settings of the operational core, read from `SELLEROPS_*` environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sellerops.errors import ConfigurationError

DATA_DIR_VARIABLE = "SELLEROPS_DATA_DIR"
DATABASE_URL_VARIABLE = "SELLEROPS_DATABASE_URL"
SECRET_KEY_VARIABLE = "SELLEROPS_SECRET_KEY"  # noqa: S105 (a variable name, not a secret)
KEY_FILE_VARIABLE = "SELLEROPS_KEY_FILE"
LOCKOUT_VARIABLE = "SELLEROPS_LOGIN_LOCKOUT_MINUTES"

DEFAULT_DATA_DIR = Path("data")
DATABASE_FILE_NAME = "sellerops.db"
KEY_FILE_NAME = "secret.key"

DEFAULT_MAX_FAILED_LOGINS = 5
DEFAULT_LOCKOUT_MINUTES = 15
DEFAULT_BUSY_TIMEOUT_MS = 30_000

# NOTE: Section 36 of the CGST Act keeps tax records for 72 months from the due date of the
# annual return, which falls up to about 21 months after an invoice; 8 years covers both.
DEFAULT_INVOICE_RETENTION_YEARS = 8


@dataclass(frozen=True)
class PasswordHashing:
    """Argon2id cost parameters; the defaults are argon2-cffi's RFC 9106 low-memory profile."""

    time_cost: int = 3
    memory_cost_kib: int = 65_536
    parallelism: int = 4


@dataclass(frozen=True)
class Settings:
    """Location of the store and the policies that the services apply."""

    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str | None = None
    secret_key: str | None = field(default=None, repr=False)
    key_file: Path | None = None
    max_failed_logins: int = DEFAULT_MAX_FAILED_LOGINS
    lockout: timedelta = timedelta(minutes=DEFAULT_LOCKOUT_MINUTES)
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
    invoice_retention_years: int = DEFAULT_INVOICE_RETENTION_YEARS
    password_hashing: PasswordHashing = PasswordHashing()

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, or the SQLite file `sellerops.db` in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / DATABASE_FILE_NAME}"

    @property
    def resolved_key_file(self) -> Path:
        """The configured key file, or `secret.key` in the data directory."""
        return self.key_file or self.data_dir / KEY_FILE_NAME

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from `environ` (default: `os.environ`)."""
        env = os.environ if environ is None else environ
        defaults = PasswordHashing()
        key_file = env.get(KEY_FILE_VARIABLE)
        return cls(
            data_dir=Path(env.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR),
            database_url=env.get(DATABASE_URL_VARIABLE) or None,
            secret_key=env.get(SECRET_KEY_VARIABLE) or None,
            key_file=Path(key_file) if key_file else None,
            max_failed_logins=_positive_int(
                env, "SELLEROPS_LOGIN_MAX_FAILURES", DEFAULT_MAX_FAILED_LOGINS
            ),
            lockout=timedelta(
                minutes=_positive_int(env, LOCKOUT_VARIABLE, DEFAULT_LOCKOUT_MINUTES)
            ),
            busy_timeout_ms=_positive_int(
                env, "SELLEROPS_SQLITE_BUSY_TIMEOUT_MS", DEFAULT_BUSY_TIMEOUT_MS
            ),
            invoice_retention_years=_positive_int(
                env, "SELLEROPS_INVOICE_RETENTION_YEARS", DEFAULT_INVOICE_RETENTION_YEARS
            ),
            password_hashing=PasswordHashing(
                time_cost=_positive_int(env, "SELLEROPS_ARGON2_TIME_COST", defaults.time_cost),
                memory_cost_kib=_positive_int(
                    env, "SELLEROPS_ARGON2_MEMORY_KIB", defaults.memory_cost_kib
                ),
                parallelism=_positive_int(
                    env, "SELLEROPS_ARGON2_PARALLELISM", defaults.parallelism
                ),
            ),
        )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigurationError(
            f"{name}={raw!r} is not a positive whole number; set it to e.g. {default}."
        )
    return value
