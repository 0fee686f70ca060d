"""Generate `docs/schema.md` from the ORM models: a Mermaid ER diagram and one table per model.

python -m sellerops.db.schema_doc > docs/schema.md
"""

from __future__ import annotations

import inspect
import sys

from sqlalchemy import Column, Table
from sqlalchemy.dialects import postgresql, sqlite

from sellerops.models import Base

HEADER = """# Operational schema

Generated from the SQLAlchemy models in `sellerops/models/` by
`python -m sellerops.db.schema_doc > docs/schema.md`; a test fails when this page is stale.
Migrations live in `sellerops/db/migrations/` and run with `sellerops init`. Ids are text
(UUID4), timestamps are stored in UTC, and every table with a `tenant_id` is scoped to the
tenant of the session that reads it. Triggers created by the migration reject UPDATE and
DELETE on `audit_entries`, and `sellerops audit verify` checks its hash chain.
"""


def render_schema() -> str:
    """Return the Markdown page for the current models."""
    tables = sorted(Base.metadata.tables.values(), key=lambda table: table.name)
    parts = [HEADER, "## Diagram\n", "```mermaid", "erDiagram"]
    parts += _relationships(tables)
    for table in tables:
        parts += _entity(table)
    parts += ["```", ""]
    for table in tables:
        parts += _section(table)
    return "\n".join(parts).rstrip() + "\n"


def _relationships(tables: list[Table]) -> list[str]:
    lines = []
    for table in tables:
        for key in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
            parent = key.column.table.name
            # A row points at one parent, or at none when the foreign key is nullable.
            parent_side = "|o" if key.parent.nullable else "||"
            lines.append(f'    {parent} {parent_side}--o{{ {table.name} : "{key.parent.name}"')
    return lines


def _entity(table: Table) -> list[str]:
    lines = [f"    {table.name} {{"]
    for column in table.columns:
        marks = []
        if column.primary_key:
            marks.append("PK")
        if column.foreign_keys:
            marks.append("FK")
        suffix = f" {','.join(marks)}" if marks else ""
        type_name = _type(column, sqlite.dialect()).split("(")[0].lower()
        lines.append(f"        {type_name} {column.name}{suffix}")
    lines.append("    }")
    return lines


def _section(table: Table) -> list[str]:
    model = _model_of(table)
    description = inspect.cleandoc(model.__doc__ or "") if model else ""
    lines = [f"## `{table.name}`", ""]
    if description:
        lines += [" ".join(description.split("\n\n")[0].split()), ""]
    lines += ["| column | PostgreSQL type | null | key |", "|---|---|---|---|"]
    for column in table.columns:
        lines.append(
            f"| `{column.name}` | {_type(column, postgresql.dialect())} | "
            f"{'yes' if column.nullable else 'no'} | {_key(column)} |"
        )
    constraints = [
        ", ".join(f"`{c.name}`" for c in constraint.columns)
        for constraint in table.constraints
        if constraint.__class__.__name__ == "UniqueConstraint"
    ]
    if constraints:
        lines += ["", "Unique: " + "; ".join(sorted(constraints)) + "."]
    lines.append("")
    return lines


def _key(column: Column) -> str:
    if column.primary_key:
        return "primary"
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).target_fullname
        return f"→ `{target}`"
    return ""


def _type(column: Column, dialect: object) -> str:
    return column.type.compile(dialect=dialect)  # type: ignore[arg-type]


def _model_of(table: Table) -> type | None:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    return None


if __name__ == "__main__":
    sys.stdout.write(render_schema())
