"""Everything copied from one database to another (an SQLite file to PostgreSQL, typically),
with the bot stopped.

The target is migrated to the same schema first and must hold nothing but what the migrations
put there; tables are copied parent before child, in batches, all in one transaction on the
target, so a failure leaves it as it was. A reference to a row not copied yet (an
organisation's parent with a higher id, a user's active membership) is written empty and
filled in at the end. Row counts are compared table by table before the copy is committed;
PostgreSQL's id sequences are then moved past the copied ids.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import Base
from db.engine import create_engine
from db.migrate import upgrade
from db.statistics import refresh_statistics

BATCH = 2_000
SKIPPED = ("alembic_version", "sweep_marks")  # the target has its own, from its migration (and its triggers)
# Tables the migrations fill (the organisation kinds and the words plans name them by): the
# target's rows are replaced by the source's, which an admin may have edited.
SEEDED = ("org_kinds",)


class MigrationRefused(Exception):
    pass


async def copy_database(
    source_url: str, target_url: str, report: Callable[[str], object] = print
) -> dict[str, int]:
    """Rows copied per table; `report` is told of each table as it is done."""
    await upgrade(target_url)
    source, target = create_engine(source_url), create_engine(target_url)
    copied: dict[str, int] = {}
    try:
        async with source.connect() as reader, target.begin() as writer:
            tables = [t for t in Base.metadata.sorted_tables if t.name not in SKIPPED]
            pending: list[tuple[Table, list[str], list[str], list[dict[str, object]]]] = []
            for table in tables:
                if table.name in SEEDED:
                    await writer.execute(table.delete())
                elif await _count(writer, table):
                    raise MigrationRefused(f"the target is not empty: {table.name} has rows")
            later = _forward_references(tables)
            for table in tables:
                rows = 0
                deferred = later.get(table.name, [])
                keys = [c.name for c in table.primary_key.columns]
                result = await reader.stream(select(table))
                async for batch in result.mappings().partitions(BATCH):
                    values = [dict(row) for row in batch]
                    # A reference to a row not copied yet (a parent organisation with a higher
                    # id, a user's active membership) is written after everything is in.
                    await writer.execute(
                        table.insert(), [{**row, **dict.fromkeys(deferred)} for row in values]
                    )
                    if deferred:
                        pending.append((table, keys, deferred, values))
                    rows += len(batch)
                if rows != await _count(writer, table):
                    raise MigrationRefused(f"{table.name}: the copy does not hold every row")
                copied[table.name] = rows
                report(f"{table.name}: {rows}")
            for table, keys, deferred, values in pending:
                filled = [
                    {**{f"key_{k}": row[k] for k in keys}, **{f"new_{c}": row[c] for c in deferred}}
                    for row in values
                    if any(row[c] is not None for c in deferred)
                ]
                if filled:
                    statement = (
                        update(table)
                        .where(*(table.c[key] == bindparam(f"key_{key}") for key in keys))
                        .values({column: bindparam(f"new_{column}") for column in deferred})
                    )
                    await writer.execute(statement, filled)
            if writer.dialect.name == "postgresql":
                await _move_sequences(writer, tables)
            await refresh_statistics(writer)  # a whole database appeared at once
    finally:
        await source.dispose()
        await target.dispose()
    return copied


def _forward_references(tables: list[Table]) -> dict[str, list[str]]:
    """Per table, the nullable foreign-key columns that point at itself or at a table copied
    after it: written as NULL first, filled in at the end."""
    position = {table.name: n for n, table in enumerate(tables)}
    found: dict[str, list[str]] = {}
    for table in tables:
        for key in table.foreign_keys:
            target = key.column.table.name
            if target in position and position[target] >= position[table.name]:
                if not key.parent.nullable:
                    raise MigrationRefused(f"{table.name}.{key.parent.name} refers forward and cannot wait")
                found.setdefault(table.name, []).append(key.parent.name)
    return found


async def _count(connection: AsyncConnection, table: Table) -> int:
    return int(await connection.scalar(select(func.count()).select_from(table)) or 0)


async def _move_sequences(connection: AsyncConnection, tables: list[Table]) -> None:
    """Rows came with their ids: the sequences behind integer keys continue after them."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not keys[0].autoincrement or keys[0].type.python_type is not int:
            continue
        column = keys[0]
        sequence = await connection.scalar(select(func.pg_get_serial_sequence(table.name, column.name)))
        if sequence:
            highest = select(func.max(column)).scalar_subquery()
            await connection.execute(select(func.setval(sequence, func.coalesce(highest, 0) + 1, False)))
