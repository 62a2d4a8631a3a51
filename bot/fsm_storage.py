"""FSM storage in the database, so a restart keeps each user's place in a conversation.

State writes made while an update is being handled join that update's unit of work (the
session is published through `current_session`), so the state and the work it describes
commit together; and no second connection waits on the write lock the update holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import FsmState
from services.clock import Clock

current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)


class DatabaseStorage(BaseStorage):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    async def _row(self, session: AsyncSession, key: StorageKey) -> FsmState | None:
        return await session.get(FsmState, self._key_builder.build(key), populate_existing=True)

    async def _write(self, key: StorageKey, **values: Any) -> None:
        session = current_session.get()
        if session is not None:
            await self._upsert(session, key, values)
            return
        async with self._session_factory() as own, own.begin():
            await self._upsert(own, key, values)

    async def _upsert(self, session: AsyncSession, key: StorageKey, values: dict[str, Any]) -> None:
        row = await self._row(session, key)
        if row is None:
            row = FsmState(key=self._key_builder.build(key), state=None, data={})
            session.add(row)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = self._clock.now()
        await session.flush()

    async def _read(self, key: StorageKey) -> FsmState | None:
        session = current_session.get()
        if session is not None:
            return await self._row(session, key)
        async with self._session_factory() as own:
            return await self._row(own, key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._write(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        row = await self._read(key)
        return row.state if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        row = await self._read(key)
        return dict(row.data) if row and row.data else {}

    async def close(self) -> None:
        """The engine belongs to the app and is disposed there."""
