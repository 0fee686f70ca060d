"""Add the report-upload registry and the rows each upload rejected.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_uploads",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("report_type", sa.String(length=20), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("stored_path", sa.String(length=500), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_loaded", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("uploaded_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
            name=op.f("fk_report_uploads_account_id_seller_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_report_uploads_tenant_id_tenants")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_report_uploads_uploaded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_uploads")),
        sa.UniqueConstraint(
            "tenant_id",
            "account_id",
            "file_hash",
            name=op.f("uq_report_uploads_tenant_id_account_id_file_hash"),
        ),
    )
    with op.batch_alter_table("report_uploads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_uploads_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "report_import_errors",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("upload_id", sa.String(length=36), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(length=300), nullable=True),
        sa.Column("value", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_report_import_errors_tenant_id_tenants")
        ),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["report_uploads.id"],
            name=op.f("fk_report_import_errors_upload_id_report_uploads"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_import_errors")),
    )
    with op.batch_alter_table("report_import_errors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_import_errors_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_report_import_errors_upload_id"), ["upload_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("report_import_errors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_import_errors_upload_id"))
        batch_op.drop_index(batch_op.f("ix_report_import_errors_tenant_id"))

    op.drop_table("report_import_errors")
    with op.batch_alter_table("report_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_uploads_tenant_id"))

    op.drop_table("report_uploads")
