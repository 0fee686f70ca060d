"""Alembic environment: migrate the engine passed in `config.attributes["engine"]`."""

from __future__ import annotations

from alembic import context

from sellerops.db.engine import writing
from sellerops.models import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    engine = context.config.attributes.get("engine")
    if engine is None:
        raise RuntimeError(
            "No engine was given to the migrations; run them through "
            "sellerops.db.upgrade_to_head(engine) or `sellerops init`."
        )

    with writing(engine).connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
