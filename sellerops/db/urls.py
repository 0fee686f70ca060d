"""Validate and normalize the database URL, with one-line errors that show the fix."""

from __future__ import annotations

import re

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from sellerops.errors import ConfigurationError

URL_EXAMPLES = (
    "use sqlite:///data/sellerops.db or postgresql+psycopg://user:password@host:5432/dbname"
)
_PASSWORD_IN_URL = re.compile(r"(://[^:/@]*:)[^@]*@")

# psycopg 3 is the installed PostgreSQL driver, so the driverless and legacy spellings map to it.
_DRIVER_ALIASES = {
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
}


def masked_url(raw: str) -> str:
    """Return `raw` with any password replaced by `***`, for messages and logs."""
    return _PASSWORD_IN_URL.sub(r"\1***@", raw)


def parse_database_url(raw: str) -> URL:
    """Parse `raw` into a SQLAlchemy URL for SQLite or PostgreSQL (psycopg 3).

    Raises `ConfigurationError` naming the (masked) URL and the accepted forms.
    """
    display_url = masked_url(raw)
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise ConfigurationError(
            f"Database URL {display_url!r} is malformed; {URL_EXAMPLES}."
        ) from None

    driver = _DRIVER_ALIASES.get(url.drivername)
    if driver is None:
        raise ConfigurationError(
            f"Database URL {display_url!r} uses the unsupported driver {url.drivername!r}; "
            f"{URL_EXAMPLES}."
        )
    url = url.set(drivername=driver)

    if driver == "sqlite" and not url.database:
        raise ConfigurationError(
            f"Database URL {display_url!r} names no SQLite file (an in-memory database would lose "
            f"everything on exit); {URL_EXAMPLES}."
        )
    if driver.startswith("postgresql") and not url.database:
        raise ConfigurationError(f"Database URL {display_url!r} names no database; {URL_EXAMPLES}.")
    return url
