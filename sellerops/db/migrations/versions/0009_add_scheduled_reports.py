"""Add scheduled reports: their recipients, the generated reports and the emails sent.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Indexes on tenant_id that the TenantScoped mixin declares, one per table.
TENANT_INDEXED = ("report_recipients", "scheduled_reports", "scheduled_report_deliveries")


def _tenant_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")
    )


def upgrade() -> None:
    op.create_table(
        "report_recipients",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("frequencies", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        _tenant_key("report_recipients"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_recipients")),
        sa.UniqueConstraint(
            "tenant_id", "address", name=op.f("uq_report_recipients_tenant_id_address")
        ),
    )
    op.create_table(
        "scheduled_reports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=True),
        sa.Column("file_stem", sa.String(length=200), nullable=False),
        sa.Column("pdf_hash", sa.String(length=64), nullable=False),
        sa.Column("pdf_path", sa.String(length=500), nullable=False),
        sa.Column("pdf_size", sa.BigInteger(), nullable=False),
        sa.Column("csv_hash", sa.String(length=64), nullable=False),
        sa.Column("csv_path", sa.String(length=500), nullable=False),
        sa.Column("csv_size", sa.BigInteger(), nullable=False),
        sa.Column("totals", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
            name=op.f("fk_scheduled_reports_account_id_seller_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_scheduled_reports_created_by_users")
        ),
        _tenant_key("scheduled_reports"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_reports")),
        sa.UniqueConstraint(
            "tenant_id",
            "frequency",
            "period_start",
            "scope",
            name=op.f("uq_scheduled_reports_tenant_id_frequency_period_start_scope"),
        ),
    )
    op.create_table(
        "scheduled_report_deliveries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("provider_message_id", sa.String(length=200), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["scheduled_reports.id"],
            name=op.f("fk_scheduled_report_deliveries_report_id_scheduled_reports"),
        ),
        _tenant_key("scheduled_report_deliveries"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_report_deliveries")),
        sa.UniqueConstraint(
            "report_id",
            "recipient",
            name=op.f("uq_scheduled_report_deliveries_report_id_recipient"),
        ),
    )

    for table in TENANT_INDEXED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_tenant_id"), ["tenant_id"], unique=False)
    with op.batch_alter_table("scheduled_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_scheduled_reports_tenant_created", ["tenant_id", "created_at"], unique=False
        )
    with op.batch_alter_table("scheduled_report_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scheduled_report_deliveries_report_id"), ["report_id"], unique=False
        )


def downgrade() -> None:
    # Children before parents, so the foreign keys never dangle.
    for table in reversed(TENANT_INDEXED):
        op.drop_table(table)
