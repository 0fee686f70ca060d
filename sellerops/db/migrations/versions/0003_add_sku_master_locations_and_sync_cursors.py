"""Add the SKU master, seller locations, sync cursors and the tier and fulfilment of accounts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05

Existing seller accounts get tier GOLD and fulfilment NON_FBF, the column defaults.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _decimal(precision: int, scale: int) -> sa.types.TypeEngine:
    # SQLite keeps exact decimals as text (see `sellerops.models.types.ExactDecimal`).
    return sa.Numeric(precision, scale).with_variant(sa.String(length=precision + 2), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("seller_accounts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tier", sa.String(length=20), server_default="GOLD", nullable=False)
        )
        batch_op.add_column(
            sa.Column("fulfilment", sa.String(length=10), server_default="NON_FBF", nullable=False)
        )

    op.create_table(
        "seller_locations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=64), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("pincode", sa.String(length=6), nullable=False),
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
            name=op.f("fk_seller_locations_account_id_seller_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_seller_locations_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seller_locations")),
        sa.UniqueConstraint(
            "account_id",
            "location_id",
            name=op.f("uq_seller_locations_account_id_location_id"),
        ),
    )
    with op.batch_alter_table("seller_locations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seller_locations_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "skus",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sku", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("hsn", sa.String(length=8), nullable=True),
        sa.Column("gst_rate", _decimal(5, 2), nullable=True),
        sa.Column("cost_price", _decimal(18, 2), nullable=True),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("length_cm", _decimal(8, 2), nullable=True),
        sa.Column("breadth_cm", _decimal(8, 2), nullable=True),
        sa.Column("height_cm", _decimal(8, 2), nullable=True),
        sa.Column("low_stock_threshold", sa.Integer(), nullable=True),
        sa.Column("safety_buffer", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_skus_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skus")),
        sa.UniqueConstraint("tenant_id", "sku", name=op.f("uq_skus_tenant_id_sku")),
    )
    with op.batch_alter_table("skus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skus_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "sync_cursors",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("stream", sa.String(length=30), nullable=False),
        sa.Column("cursor_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("batch_id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
            name=op.f("fk_sync_cursors_account_id_seller_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_sync_cursors_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_cursors")),
        sa.UniqueConstraint("account_id", "stream", name=op.f("uq_sync_cursors_account_id_stream")),
    )
    with op.batch_alter_table("sync_cursors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_cursors_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_cursors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_cursors_tenant_id"))

    op.drop_table("sync_cursors")
    with op.batch_alter_table("skus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skus_tenant_id"))

    op.drop_table("skus")
    with op.batch_alter_table("seller_locations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seller_locations_tenant_id"))

    op.drop_table("seller_locations")
    with op.batch_alter_table("seller_accounts", schema=None) as batch_op:
        batch_op.drop_column("fulfilment")
        batch_op.drop_column("tier")
