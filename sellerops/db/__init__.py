"""Database access: URL validation, engines, tenant-scoped sessions and migrations."""

from sellerops.db.engine import make_engine, writing
from sellerops.db.migrate import current_revision, head_revision, upgrade_to_head
from sellerops.db.urls import masked_url, parse_database_url

__all__ = [
    "current_revision",
    "head_revision",
    "make_engine",
    "masked_url",
    "parse_database_url",
    "upgrade_to_head",
    "writing",
]
