from factories import member, new_tenant
from operations import OPERATIONS, populate
from sqlalchemy import select

from sellerops.errors import PermissionDeniedError
from sellerops.models import AuditEntry
from sellerops.security.permissions import PERMISSIONS, Action, Role


def last_entry(store, actor, action):
    with store.operator_read() as session:
        statement = (
            select(AuditEntry)
            .where(AuditEntry.actor_id == actor.user_id, AuditEntry.action == action.value)
            .order_by(AuditEntry.sequence.desc())
            .limit(1)
        )
        return session.scalars(statement).first()


# Plain reads are not audited when they succeed; exports of personal data are.
UNAUDITED_READS = {
    Action.TENANT_VIEW,
    Action.ACCOUNT_LIST,
    Action.USER_LIST,
    Action.AUDIT_READ,
    Action.BUYER_VIEW,
    Action.USAGE_VIEW,
    Action.SKU_VIEW,
    Action.REPORT_VIEW,
    Action.STOCK_VIEW,
    Action.DISPATCH_VIEW,
    Action.DASHBOARD_VIEW,
    Action.ORDER_VIEW,
    Action.RETURNS_VIEW,
    Action.PROFIT_VIEW,
    Action.ALERT_VIEW,
    Action.SCHEDULED_REPORT_VIEW,
}


def test_operations_cover_every_action():
    assert set(OPERATIONS) == set(Action)


def test_permission_matrix_enforced(store):
    owner = new_tenant(store, "acme")
    tenant = populate(owner)
    actors = {role: owner if role == Role.OWNER else member(owner, role) for role in Role}

    for action, operation in OPERATIONS.items():
        for role, actor in actors.items():
            case = f"{role.value} -> {action.value}"
            if role in PERMISSIONS[action]:
                operation(actor, tenant)
                entry = last_entry(store, actor, action)
                if action in UNAUDITED_READS:
                    assert entry is None, case
                else:
                    assert entry is not None, case
                    assert entry.result == "succeeded", case
            else:
                try:
                    operation(actor, tenant)
                except PermissionDeniedError as error:
                    assert role.value in str(error), case
                else:
                    raise AssertionError(f"{case} was allowed")
                entry = last_entry(store, actor, action)
                assert entry is not None, case
                assert entry.result == "denied", case


def test_disabled_user_refused(store):
    owner = new_tenant(store, "acme")
    manager = member(owner, Role.MANAGER)
    from sellerops.services import disable_user, list_accounts

    disable_user(owner, manager.email)
    try:
        list_accounts(manager)
    except PermissionDeniedError as error:
        assert "disabled" in str(error)
    else:
        raise AssertionError("a disabled user listed accounts")


def test_role_change_applies_at_once(store):
    owner = new_tenant(store, "acme")
    manager = member(owner, Role.MANAGER)
    from sellerops.services import list_users, set_role

    set_role(owner, manager.email, "packer")
    try:
        list_users(manager)
    except PermissionDeniedError:
        pass
    else:
        raise AssertionError("the old role still applied")
