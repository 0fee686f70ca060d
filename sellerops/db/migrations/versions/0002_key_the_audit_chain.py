"""Key the audit chain: audit key and head MAC columns, and triggers against TRUNCATE and REPLACE.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04

NOTE: entries written before this revision carry unkeyed SHA-256 hashes, and appending to such
a chain is refused. An install with entries from before it needs a fresh audit log.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# `INSERT OR REPLACE` deletes the old row without firing DELETE triggers (SQLite leaves
# recursive_triggers off), so a replaced entry is rejected at the INSERT instead.
_SQLITE_TRIGGER = """
CREATE TRIGGER audit_entries_no_replace BEFORE INSERT ON audit_entries
WHEN EXISTS (SELECT 1 FROM audit_entries WHERE sequence = NEW.sequence)
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only; REPLACE is not allowed'); END
"""

# Row triggers do not fire for TRUNCATE, so it gets a statement trigger of its own. It reuses
# the function from revision 0001, which raises for every operation.
_POSTGRESQL_TRIGGER = """
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()
"""


def upgrade() -> None:
    with op.batch_alter_table("audit_chain_head", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_encrypted", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("head_mac", sa.String(length=64), nullable=True))

    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRESQL_TRIGGER)
    else:
        op.execute(_SQLITE_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_replace")

    with op.batch_alter_table("audit_chain_head", schema=None) as batch_op:
        batch_op.drop_column("head_mac")
        batch_op.drop_column("key_encrypted")
