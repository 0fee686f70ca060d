"""Errors of the operational core; each message is one line naming the value and the fix."""

from __future__ import annotations


class SellerOpsError(Exception):
    """Base of every error the operational core raises on purpose.

    `exit_code` is what the CLI exits with: 2 for bad input, 1 for a refused or failed action.
    """

    exit_code = 1


class InvalidInputError(SellerOpsError, ValueError):
    """A value given by the caller is malformed, unknown or already taken."""

    exit_code = 2


class ConfigurationError(SellerOpsError):
    """The database URL, secret key or another setting is missing or malformed."""

    exit_code = 2


class NotFoundError(SellerOpsError, LookupError):
    """The object does not exist in the acting user's tenant."""

    exit_code = 1


class PermissionDeniedError(SellerOpsError):
    """The acting user's role does not allow the action (the refusal is audited)."""

    exit_code = 1


class PlanLimitError(SellerOpsError):
    """The action would take the tenant over a limit of its subscription plan."""

    exit_code = 1


class LoginError(SellerOpsError):
    """A login failed: wrong email or password, a disabled user or a locked user."""

    exit_code = 1


class SessionEndedError(LoginError):
    """A dashboard session is unknown, revoked, idle past the timeout, or its user is disabled."""

    exit_code = 1


class SecretKeyError(SellerOpsError):
    """The secret key cannot decrypt the stored secrets, or cannot be read or created."""

    exit_code = 2
