import pytest

from sellerops.errors import InvalidInputError
from sellerops.security.permissions import PERMISSIONS, Action, Role, is_allowed, parse_role


def test_every_action_in_matrix():
    assert set(PERMISSIONS) == set(Action)


def test_owner_allowed_everything():
    assert all(is_allowed(Role.OWNER, action) for action in Action)


def test_viewer_cannot_write():
    assert not is_allowed(Role.VIEWER, Action.ACCOUNT_ADD)


def test_unknown_role_allowed_nothing():
    assert not any(is_allowed("admin", action) for action in Action)


def test_parse_role_case_insensitive():
    assert parse_role(" Packer ") == Role.PACKER


def test_parse_role_unknown_message():
    with pytest.raises(InvalidInputError) as caught:
        parse_role("admn")
    assert str(caught.value) == (
        "Unknown role 'admn'; use one of: owner, manager, accountant, packer, viewer."
    )
