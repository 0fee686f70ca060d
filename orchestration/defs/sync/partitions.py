"""One dynamic partition per seller account, keyed `<tenant_slug>.<account_id>`."""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg
from sqlalchemy import select

from sellerops.models import SellerAccount, Tenant
from sellerops.store import Store

SEPARATOR = "."

seller_accounts = dg.DynamicPartitionsDefinition(name="seller_accounts")


@dataclass(frozen=True)
class AccountPartition:
    """The tenant and seller account that one partition key names."""

    tenant_slug: str
    account_id: str

    @property
    def key(self) -> str:
        return f"{self.tenant_slug}{SEPARATOR}{self.account_id}"


def parse_partition_key(key: str) -> AccountPartition:
    """Split a partition key into tenant slug and account id; raises ValueError if malformed.

    Tenant slugs never contain a dot (lower-case letters, digits and hyphens), so the first
    dot separates the two parts.
    """
    tenant_slug, separator, account_id = key.partition(SEPARATOR)
    if not separator or not tenant_slug or not account_id:
        raise ValueError(
            f"Partition key {key!r} is malformed; expected '<tenant_slug>.<account_id>', "
            f"e.g. 'acme.0f3c...'."
        )
    return AccountPartition(tenant_slug, account_id)


def active_partition_keys(store: Store) -> list[str]:
    """Return the partition keys of every active seller account of every tenant, sorted."""
    with store.operator_read() as session:
        rows = session.execute(
            select(Tenant.slug, SellerAccount.id)
            .join(SellerAccount, SellerAccount.tenant_id == Tenant.id)
            .where(SellerAccount.is_active.is_(True))
        ).all()
    return sorted(AccountPartition(slug, account_id).key for slug, account_id in rows)
