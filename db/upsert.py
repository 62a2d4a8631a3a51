"""INSERT … ON CONFLICT DO NOTHING for both databases the bot runs on."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert


def insert_ignoring_conflicts(
    session: AsyncSession, model: type, index_elements: Sequence[str] | None = None
) -> Insert:
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    return insert(model).on_conflict_do_nothing(index_elements=index_elements)
