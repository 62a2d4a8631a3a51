"""Update de-duplication in Redis, in front of the update inbox.

Telegram delivers an update again when it did not get our answer in time; behind a balancer the
copy can reach another instance. A key per update id stored in the inbox (kept a day) turns such
a copy away without a database round trip. The key is written only once the inbox has committed
the update, so it never stands for an update that was not kept (a crash between the two leaves
no key, and the inbox's unique key decides as it does without Redis).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.redis_errors import REDIS_DOWN
from db.repositories.inbox import UpdateInbox

log = logging.getLogger(__name__)
KEEP_SECONDS = 24 * 3600


class DedupedInbox(UpdateInbox):
    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], redis: Redis, namespace: str = "plan-bot"
    ) -> None:
        super().__init__(session_factory)
        self._redis = redis
        self._keys = f"{namespace}:update:"  # update ids are the bot's own: the namespace names it
        self.turned_away = 0  # copies Redis knew of: no database work for them

    async def accept(self, updates: Sequence[tuple[int, str]], at: datetime) -> set[int]:
        if not updates:
            return set()
        keys = [f"{self._keys}{update_id}" for update_id, _payload in updates]
        try:
            stored = await self._redis.mget(keys)
        except REDIS_DOWN as exc:
            log.warning(
                "Redis unreachable for update de-duplication (%s); the inbox decides", type(exc).__name__
            )
            return await super().accept(updates, at)
        unknown = [pair for pair, seen in zip(updates, stored, strict=True) if seen is None]
        self.turned_away += len(updates) - len(unknown)
        fresh = await super().accept(unknown, at)
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for update_id, _payload in unknown:
                    pipe.set(f"{self._keys}{update_id}", 1, ex=KEEP_SECONDS)
                await pipe.execute()
        except REDIS_DOWN:  # the inbox still knows them
            log.warning("could not note %d stored updates in Redis", len(unknown))
        return fresh
