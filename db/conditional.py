"""Check-then-act on shared state as one statement: `UPDATE … WHERE <still as expected>`, and the
row count decides (DESIGN §7). Two people acting at the same moment have one winner."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value


async def update_if(session: AsyncSession, row: Any, condition: ColumnElement[bool], **values: Any) -> bool:
    """Set `values` on the loaded `row` only if `condition` still holds in the database; True if
    it did. The object is brought up to date without being marked changed."""
    model = type(row)
    result = await session.execute(
        update(model)
        .where(model.id == row.id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    for name, value in values.items():
        set_committed_value(row, name, value)
    return True
