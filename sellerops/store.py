"""The open operational store: engine, tenant-scoped sessions, secret box and settings."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sellerops.audit.keys import STORE_INFO_KEY
from sellerops.db.engine import make_engine, writing
from sellerops.db.tenancy import TENANT_KEY, install_tenant_scoping
from sellerops.security.passwords import make_hasher
from sellerops.security.secrets import SecretBox, open_secret_box
from sellerops.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class Store:
    """Everything a service needs to reach the operational store.

    `read` and `write` open sessions scoped to one tenant: queries see only that tenant's rows.
    `operator_read` and `operator_write` are unscoped. They serve provisioning, audit
    verification and key rotation by the operator of the install.
    """

    engine: Engine
    settings: Settings
    secrets: SecretBox
    hasher: PasswordHasher

    def __post_init__(self) -> None:
        self._readers = sessionmaker(self.engine, expire_on_commit=False)
        self._writers = sessionmaker(writing(self.engine), expire_on_commit=False)
        install_tenant_scoping(self._readers)
        install_tenant_scoping(self._writers)

    @classmethod
    def open(cls, settings: Settings | None = None, *, create_key: bool = True) -> Store:
        """Open the store described by `settings` (default: from the environment).

        With `create_key`, a missing key file is created (mode 0600) with a new key.
        """
        settings = settings or Settings.from_environment()
        engine = make_engine(
            settings.resolved_database_url, busy_timeout_ms=settings.busy_timeout_ms
        )
        secrets = open_secret_box(settings, create=create_key)
        hasher = make_hasher(settings.password_hashing)
        return cls(engine=engine, settings=settings, secrets=secrets, hasher=hasher)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def read(self, tenant_id: str) -> Iterator[Session]:
        """Open a read-only transaction scoped to `tenant_id`; it is rolled back at the end."""
        with self._session(self._readers, tenant_id, commit=False) as session:
            yield session

    @contextmanager
    def write(self, tenant_id: str) -> Iterator[Session]:
        """Open a writing transaction scoped to `tenant_id`, committed if the block succeeds."""
        with self._session(self._writers, tenant_id, commit=True) as session:
            yield session

    @contextmanager
    def operator_read(self) -> Iterator[Session]:
        """Open an unscoped read-only transaction (install operator only)."""
        with self._session(self._readers, None, commit=False) as session:
            yield session

    @contextmanager
    def operator_write(self) -> Iterator[Session]:
        """Open an unscoped writing transaction (install operator only)."""
        with self._session(self._writers, None, commit=True) as session:
            yield session

    @contextmanager
    def _session(
        self, factory: sessionmaker[Session], tenant_id: str | None, *, commit: bool
    ) -> Iterator[Session]:
        if tenant_id is not None and not tenant_id:
            raise ValueError("A tenant session needs a tenant id.")
        session = factory(info={TENANT_KEY: tenant_id, STORE_INFO_KEY: self})
        try:
            yield session
            if commit:
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            # Closing rolls back whatever a read-only session began.
            session.close()
