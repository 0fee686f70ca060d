"""Run the Alembic migrations that ship inside the package (no alembic.ini needed)."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    """Build an Alembic config whose env.py runs on a connection of `engine`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade_to_head(engine: Engine) -> str | None:
    """Apply every pending migration to `engine`'s database; return the new revision."""
    config = alembic_config(engine)
    command.upgrade(config, "head")
    revision = current_revision(engine)
    logger.info("Operational store is at revision %s", revision)
    return revision


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at, or None before the first migration."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """Return the newest revision shipped with this version of the package."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return script.get_current_head()
