"""FSM storage in the database, so a restart keeps each user's place in a conversation.

State writes made while an update is being handled join that update's unit of work (the
session is published through `current_session`), so the state and the work it describes
commit together, and no second connection waits on the write lock the update holds.

aiogram reads the state of every update before any handler runs; those reads are served
from a small in-process cache. A key written during an update is dropped from the cache and
read through that update's session until it ends, so a rolled-back write is never cached.
This is correct for one bot process per database, which is how the bot is deployed on SQLite;
several instances share state through Redis instead.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import FsmState
from services.clock import Clock

current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)
_WRITTEN = "fsm_written_keys"


class DatabaseStorage(BaseStorage):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        key_builder: KeyBuilder | None = None,
        cache_size: int = 50_000,
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._cache: OrderedDict[str, tuple[str | None, dict[str, Any]]] = OrderedDict()
        self._cache_size = cache_size

    # ---- reads ----------------------------------------------------------------------------

    async def _load(self, key: str) -> tuple[str | None, dict[str, Any]]:
        session = current_session.get()
        if session is not None and key in session.info.get(_WRITTEN, ()):
            return _values(await session.get(FsmState, key, populate_existing=True))
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        async with self._session_factory() as own:
            values = _values(await own.get(FsmState, key))
        self._remember(key, values)
        return values

    def _remember(self, key: str, values: tuple[str | None, dict[str, Any]]) -> None:
        self._cache[key] = values
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._load(self._key_builder.build(key)))[0]

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict((await self._load(self._key_builder.build(key)))[1])

    # ---- writes ---------------------------------------------------------------------------

    async def _write(self, key: StorageKey, **values: Any) -> None:
        built = self._key_builder.build(key)
        self._cache.pop(built, None)
        session = current_session.get()
        if session is not None:
            session.info.setdefault(_WRITTEN, set()).add(built)
            await self._upsert(session, built, values)
            return
        async with self._session_factory() as own, own.begin():
            await self._upsert(own, built, values)

    async def _upsert(self, session: AsyncSession, key: str, values: dict[str, Any]) -> None:
        row = await session.get(FsmState, key, populate_existing=True)
        if row is None:
            row = FsmState(key=key, state=None, data={})
            session.add(row)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = self._clock.now()
        await session.flush()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._write(key, state=value)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, data=dict(data))

    async def close(self) -> None:
        """The engine belongs to the app and is disposed there."""


def _values(row: FsmState | None) -> tuple[str | None, dict[str, Any]]:
    if row is None:
        return None, {}
    return row.state, dict(row.data or {})
