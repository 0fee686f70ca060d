"""Tenant isolation in the data-access layer.

A session whose `info["tenant_id"]` is set adds `tenant_id = <that tenant>` to every ORM
SELECT, UPDATE and DELETE on tenant-scoped classes (and `id = <that tenant>` on `Tenant`).
Flushing a tenant-scoped row of another tenant raises `CrossTenantWriteError`. Sessions
opened without a tenant are for the install's operator only (provisioning, audit
verification, key rotation).

NOTE: only ORM statements pass through these hooks. SQL text and Core `insert()` statements
run through `Session.execute` are not scoped, so the services use ORM queries only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from sellerops.models import Tenant, TenantScoped

TENANT_KEY = "tenant_id"


class CrossTenantWriteError(RuntimeError):
    """A session of one tenant tried to write a row of another tenant (a programming error)."""


def install_tenant_scoping(factory: sessionmaker[Session]) -> None:
    """Register the scoping hooks on the sessions that `factory` creates."""
    event.listen(factory, "do_orm_execute", _scope_statement)
    event.listen(factory, "before_flush", _check_flushed_rows)


def _scope_statement(state: ORMExecuteState) -> None:
    tenant_id = state.session.info.get(TENANT_KEY)
    if tenant_id is None:
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return

    state.statement = state.statement.options(
        with_loader_criteria(
            TenantScoped,
            lambda cls: cls.tenant_id == tenant_id,
            include_aliases=True,
        ),
        with_loader_criteria(Tenant, Tenant.id == tenant_id, include_aliases=True),
    )


def _check_flushed_rows(session: Session, _context: Any, _instances: Any) -> None:
    tenant_id = session.info.get(TENANT_KEY)
    if tenant_id is None:
        return

    for row in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(row, TenantScoped) and row.tenant_id != tenant_id:
            raise CrossTenantWriteError(
                f"A session of tenant {tenant_id!r} tried to write {type(row).__name__} "
                f"of tenant {row.tenant_id!r}."
            )
        if isinstance(row, Tenant) and row.id != tenant_id:
            raise CrossTenantWriteError(
                f"A session of tenant {tenant_id!r} tried to write tenant {row.id!r}."
            )
