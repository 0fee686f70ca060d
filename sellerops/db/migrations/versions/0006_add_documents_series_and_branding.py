"""Add issued documents, their number series per GSTIN and year, and tenant branding.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_series",
        sa.Column("gstin", sa.String(length=15), nullable=False),
        sa.Column("financial_year", sa.String(length=4), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_document_series_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "gstin", "financial_year", "kind", name=op.f("pk_document_series")
        ),
    )
    with op.batch_alter_table("document_series", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_series_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "tenant_branding",
        sa.Column("business_name", sa.String(length=200), nullable=False),
        sa.Column("address_lines", sa.JSON(), nullable=False),
        sa.Column("footer", sa.String(length=500), nullable=False),
        sa.Column("accent_hex", sa.String(length=7), nullable=False),
        sa.Column("logo_path", sa.String(length=500), nullable=True),
        sa.Column("signature_path", sa.String(length=500), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_tenant_branding_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_tenant_branding")),
    )
    with op.batch_alter_table("tenant_branding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tenant_branding_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=True),
        sa.Column("gstin", sa.String(length=15), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("shipment_id", sa.String(length=100), nullable=True),
        sa.Column("order_id", sa.String(length=100), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("stored_path", sa.String(length=500), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("original_id", sa.String(length=36), nullable=True),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
            name=op.f("fk_documents_account_id_seller_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_documents_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["original_id"], ["documents.id"], name=op.f("fk_documents_original_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_documents_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint(
            "tenant_id",
            "gstin",
            "kind",
            "number",
            name=op.f("uq_documents_tenant_id_gstin_kind_number"),
        ),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index(
            "ix_documents_tenant_kind_shipment", ["tenant_id", "kind", "shipment_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_tenant_kind_shipment")
        batch_op.drop_index(batch_op.f("ix_documents_tenant_id"))

    op.drop_table("documents")
    with op.batch_alter_table("tenant_branding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tenant_branding_tenant_id"))

    op.drop_table("tenant_branding")
    with op.batch_alter_table("document_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_series_tenant_id"))

    op.drop_table("document_series")
