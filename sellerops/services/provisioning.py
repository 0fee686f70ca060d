"""Provisioning by the install's operator: the default plan, plans and tenants.

These functions act for no tenant user. The person who runs them has access to the database and
the secret key anyway. Each is audited with the operator's label (e.g. `operator:alice`).
"""

from __future__ import annotations

import getpass
import logging
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.audit.keys import ensure_audit_key
from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import UNLIMITED_PLAN, Plan, Tenant, User
from sellerops.security.passwords import check_password_strength, hash_password
from sellerops.security.permissions import Role
from sellerops.security.text_input import check_text
from sellerops.services.users import normalize_email
from sellerops.store import Store

logger = logging.getLogger("sellerops.services")

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
# Column lengths of `tenants.name` and `plans.name`.
MAX_TENANT_NAME_LENGTH = 200
MAX_PLAN_NAME_LENGTH = 64
MAX_SLUG_LENGTH = 64


@dataclass(frozen=True)
class PlanLimits:
    """The limits of a plan; None means unlimited."""

    max_accounts: int | None = None
    max_users: int | None = None
    max_orders_per_month: int | None = None


def operator_label() -> str:
    """Return the audit label of the login that runs this process (`operator:<login name>`)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return f"operator:{name}"


def ensure_default_plan(store: Store, operator: str) -> Plan:
    """Create the `unlimited` plan if it does not exist, and return it."""
    with store.operator_write() as session:
        ensure_audit_key(session)
        plan = _plan_named(session, UNLIMITED_PLAN)
        if plan is None:
            plan = Plan(name=UNLIMITED_PLAN)
            session.add(plan)
            session.flush()
            _audit(session, operator, "plan.create", "plan", plan.id, None, {"name": plan.name})
        return plan


def create_plan(store: Store, operator: str, name: str, limits: PlanLimits) -> Plan:
    """Create a plan; raises `InvalidInputError` if the name is empty, too long or taken, or a
    limit is negative."""
    check_text("plan name", name, MAX_PLAN_NAME_LENGTH)
    if not name.strip():
        raise InvalidInputError("The plan name is empty; give a name such as 'small'.")
    for field_name, value in vars(limits).items():
        if value is not None and value < 0:
            raise InvalidInputError(f"{field_name}={value} is negative; use 0 or more, or omit it.")

    with store.operator_write() as session:
        ensure_audit_key(session)
        if _plan_named(session, name) is not None:
            raise InvalidInputError(f"Plan {name!r} already exists; choose another name.")
        plan = Plan(name=name, **vars(limits))
        session.add(plan)
        session.flush()
        _audit(
            session, operator, "plan.create", "plan", plan.id, None, {"name": name, **vars(limits)}
        )
        return plan


def create_tenant(
    store: Store,
    operator: str,
    *,
    slug: str,
    name: str,
    owner_email: str,
    owner_password: str,
    plan_name: str = UNLIMITED_PLAN,
) -> Tenant:
    """Create a tenant on `plan_name` with its first owner, who has the role `owner`."""
    if not SLUG_PATTERN.match(slug):
        raise InvalidInputError(
            f"Tenant slug {slug!r} is invalid; use 2-63 lower-case letters, digits or hyphens, "
            f"starting with a letter or digit."
        )
    check_text("tenant name", name, MAX_TENANT_NAME_LENGTH)
    email = normalize_email(owner_email)
    check_password_strength(owner_password, email=email)
    password_hash = hash_password(store.hasher, owner_password)

    with store.operator_write() as session:
        plan = _require_plan(session, plan_name)
        if session.scalars(select(Tenant).where(Tenant.slug == slug)).first() is not None:
            raise InvalidInputError(f"Tenant {slug!r} already exists; choose another slug.")

        tenant = Tenant(slug=slug, name=name or slug, plan_id=plan.id)
        session.add(tenant)
        session.flush()
        owner = User(
            tenant_id=tenant.id, email=email, role=Role.OWNER.value, password_hash=password_hash
        )
        session.add(owner)
        session.flush()

        detail = {"slug": slug, "plan": plan.name, "owner": email}
        _audit(session, operator, "tenant.create", "tenant", tenant.id, tenant.id, detail)
        logger.info("%s created tenant %s with owner %s", operator, slug, email)
        return tenant


def set_tenant_plan(store: Store, operator: str, slug: str, plan_name: str) -> Tenant:
    """Move the tenant `slug` to the plan `plan_name` (limits apply to later actions)."""
    check_text("tenant slug", slug, MAX_SLUG_LENGTH)
    with store.operator_write() as session:
        tenant = session.scalars(select(Tenant).where(Tenant.slug == slug)).one_or_none()
        if tenant is None:
            raise NotFoundError(f"No tenant {slug!r}; list tenants with `sellerops tenant list`.")
        plan = _require_plan(session, plan_name)
        previous = tenant.plan.name
        tenant.plan_id = plan.id
        session.flush()
        detail = {"from": previous, "to": plan.name}
        _audit(session, operator, "tenant.set_plan", "tenant", tenant.id, tenant.id, detail)
        return tenant


def list_tenants(store: Store) -> list[Tenant]:
    """Return every tenant with its plan, by slug."""
    with store.operator_read() as session:
        return list(session.scalars(select(Tenant).order_by(Tenant.slug)).all())


def _plan_named(session: Session, name: str) -> Plan | None:
    return session.scalars(select(Plan).where(Plan.name == name)).one_or_none()


def _require_plan(session: Session, name: str) -> Plan:
    check_text("plan name", name, MAX_PLAN_NAME_LENGTH)
    plan = _plan_named(session, name)
    if plan is None:
        names = ", ".join(session.scalars(select(Plan.name).order_by(Plan.name)).all()) or "none"
        raise InvalidInputError(
            f"Unknown plan {name!r}; use one of: {names}, or create it with "
            f"`sellerops plan create`."
        )
    return plan


def _audit(
    session: Session,
    operator: str,
    action: str,
    object_type: str,
    object_id: str | None,
    tenant_id: str | None,
    detail: dict[str, object],
) -> None:
    append_entry(
        session,
        AuditRecord(
            action=action,
            object_type=object_type,
            object_id=object_id,
            result=AuditResult.SUCCEEDED,
            actor_label=operator,
            tenant_id=tenant_id,
            detail=detail,
        ),
    )
