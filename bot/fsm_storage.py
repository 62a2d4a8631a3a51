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
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.unit_of_work import current_unit
from db.repositories.fsm import FsmRepo, Values
from db.unit_of_work import reading, transaction
from services.clock import Clock


def _update_fsm() -> FsmRepo | None:
    """The state rows of the update being handled (tasks it spawned share its unit of work)."""
    unit = current_unit.get()
    return unit.repos.fsm if unit is not None else None


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
        self._cache: OrderedDict[str, Values] = OrderedDict()
        self._cache_size = cache_size

    # ---- reads ----------------------------------------------------------------------------

    async def _load(self, key: str) -> Values:
        fsm = _update_fsm()
        if fsm is not None and fsm.wrote(key):
            return await fsm.load(key, fresh=True)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        async with reading(self._session_factory) as repos:
            values = await repos.fsm.load(key)
        self._remember(key, values)
        return values

    def _remember(self, key: str, values: Values) -> None:
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
        fsm = _update_fsm()
        if fsm is not None:
            await fsm.save(built, values, self._clock.now())
            return
        async with transaction(self._session_factory) as repos:
            await repos.fsm.save(built, values, self._clock.now())

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._write(key, state=value)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, data=dict(data))

    async def close(self) -> None:
        """The engine belongs to the app and is disposed there."""
