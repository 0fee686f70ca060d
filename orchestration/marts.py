"""Read a built warehouse's marts: row counts, order-independent checksums, a profit summary."""

from __future__ import annotations

from decimal import Decimal

import duckdb

MART_SCHEMA = "marts"


def mart_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the names of the tables in schema `marts`, sorted."""
    rows = connection.execute(
        "select table_name from information_schema.tables "
        "where table_schema = ? and table_type = 'BASE TABLE' order by table_name",
        [MART_SCHEMA],
    ).fetchall()
    return [name for (name,) in rows]


def mart_row_counts(connection: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Return each mart's row count."""
    counts = {}
    for table in mart_tables(connection):
        # Table names come from information_schema, not from input.
        statement = f'select count(*) from {MART_SCHEMA}."{table}"'  # noqa: S608
        counts[table] = connection.execute(statement).fetchone()[0]
    return counts


def mart_checksums(
    connection: duckdb.DuckDBPyConnection, *, exclude_columns: tuple[str, ...] = ()
) -> dict[str, str]:
    """Return an MD5 per mart over its rows' text, sorted, so row order does not matter.

    Columns in `exclude_columns` are left out where a mart has them. Rows are rendered in the
    session's time zone, which open_warehouse pins, so the same data gives the same checksum
    on any machine.
    """
    checksums = {}
    for table in mart_tables(connection):
        columns = [
            name
            for (name,) in connection.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [MART_SCHEMA, table],
            ).fetchall()
            if name not in exclude_columns
        ]
        selected = ", ".join(f'"{name}"' for name in columns)
        statement = (
            "select md5(coalesce(string_agg(row_text, chr(10) order by row_text), '')) "  # noqa: S608
            f"from (select row({selected})::varchar as row_text "
            f'from {MART_SCHEMA}."{table}")'
        )
        (digest,) = connection.execute(statement).fetchone()
        checksums[table] = digest
    return checksums


def profit_summary(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Return one line per account: revenue, cost of goods, net profit, margin, best SKU."""
    rows = connection.execute(
        """
        with totals as (
            select account_id, sku, sum(revenue) as revenue,
                   sum(cost_of_goods) as cost_of_goods, sum(net_profit) as net_profit
            from marts.sku_profit_monthly
            group by account_id, sku
        )
        select account_id, sum(revenue), sum(cost_of_goods), sum(net_profit),
               arg_max(sku, net_profit), max(net_profit), arg_min(sku, net_profit), min(net_profit)
        from totals group by account_id order by account_id
        """
    ).fetchall()
    return [_line(*row) for row in rows]


def _line(
    account_id: str,
    revenue: Decimal,
    cost: Decimal,
    profit: Decimal,
    best_sku: str,
    best: Decimal,
    worst_sku: str,
    worst: Decimal,
) -> str:
    margin = f"{profit / revenue:.1%}" if revenue else "n/a"
    return (
        f"{account_id}: revenue {revenue:,.2f}, cost of goods {cost:,.2f}, net profit "
        f"{profit:,.2f} (margin {margin}); best SKU {best_sku} ({best:,.2f}), "
        f"worst {worst_sku} ({worst:,.2f})"
    )
