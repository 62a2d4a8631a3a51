"""Planner statistics after a bulk write.

PostgreSQL chooses its plans from table statistics that autovacuum refreshes a minute or so
after a table changes a lot. In that minute a table that went from hundreds of rows to
hundreds of thousands (a plan assigned to every school of a region, a database moved over
from SQLite) is planned as if it were still small: "My tasks" then sorts every due date of
the region instead of reading one organisation's, 40 ms instead of 2. A bulk write refreshes
the statistics of what it filled itself, in its own transaction.

SQLite keeps no statistics unless asked (ANALYZE) and plans from the schema's indexes; the
queries and indexes were chosen for those plans, so there it is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

# Fewer new rows than this leave a table's statistics roughly right; autovacuum catches up.
BULK_ROWS = 5_000


async def refresh_statistics(bind: AsyncSession | AsyncConnection, tables: Sequence[str] = ()) -> None:
    """ANALYZE the tables (all of them when none are named) on PostgreSQL; nothing elsewhere.
    SKIP_LOCKED: a table autovacuum is working on is left to it instead of waited for, so the
    caller's transaction is never held up."""
    connection = await bind.connection() if isinstance(bind, AsyncSession) else bind
    if connection.dialect.name != "postgresql":
        return
    names = ", ".join(connection.dialect.identifier_preparer.quote(name) for name in tables)
    await connection.execute(text(f"ANALYZE (SKIP_LOCKED) {names}".rstrip()))
