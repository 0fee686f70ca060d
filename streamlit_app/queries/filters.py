"""The SQL condition shared by every query: one seller account, or all of the tenant's."""

from __future__ import annotations

from typing import Any

# `$account_id` is NULL for the tenant-wide view. Every query adds this to its WHERE clause.
ACCOUNT_CONDITION = "($account_id is null or account_id = $account_id)"


def account_params(account_id: str | None) -> dict[str, Any]:
    """Return the named parameter that `ACCOUNT_CONDITION` reads."""
    return {"account_id": account_id}
