"""Conversation state rows (aiogram FSM), keyed by aiogram's storage key. No commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import FsmState

_WRITTEN = "fsm_written_keys"  # kept in the session's info: keys this unit of work wrote
Values = tuple[str | None, dict[str, Any]]


class FsmRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def wrote(self, key: str) -> bool:
        """Whether this unit of work wrote the key (then only its own session has the truth)."""
        return key in self._session.info.get(_WRITTEN, ())

    async def load(self, key: str, *, fresh: bool = False) -> Values:
        return _values(await self._session.get(FsmState, key, populate_existing=fresh))

    async def save(self, key: str, values: dict[str, Any], at: datetime) -> None:
        self._session.info.setdefault(_WRITTEN, set()).add(key)
        row = await self._session.get(FsmState, key, populate_existing=True)
        if row is None:
            row = FsmState(key=key, state=None, data={})
            self._session.add(row)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = at
        await self._session.flush()


def _values(row: FsmState | None) -> Values:
    if row is None:
        return None, {}
    return row.state, dict(row.data or {})
