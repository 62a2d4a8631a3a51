"""Updates of one chat, handled one at a time across instances (webhooks behind a balancer).

Within an instance the update runner keeps each chat's updates in order; two instances posted
parts of one album, or two quick taps, would otherwise handle them at once and one draft's
write could undo the other's. A Redis lock per chat makes them take turns. It expires on its
own (an instance killed while holding it blocks that chat for `hold` seconds at most); without
Redis an update goes ahead unlocked, as with one instance.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from redis.asyncio import Redis
from redis.exceptions import LockError

from bot.redis_errors import REDIS_DOWN

log = logging.getLogger(__name__)


class ChatLocks:
    def __init__(
        self, redis: Redis, hold: float = 120.0, wait: float = 60.0, namespace: str = "plan-bot"
    ) -> None:
        self._redis = redis
        self._keys = f"{namespace}:chat:"
        self._hold = hold
        self._wait = wait

    @contextlib.asynccontextmanager
    async def turn(self, chat: int) -> AsyncIterator[None]:
        lock = self._redis.lock(
            f"{self._keys}{chat}", timeout=self._hold, sleep=0.01, blocking_timeout=self._wait
        )
        try:
            held = bool(await lock.acquire())
        except REDIS_DOWN as exc:
            log.warning("chat %s handled without its cross-instance lock: %s", chat, type(exc).__name__)
            held = False
        try:
            yield
        finally:
            if held:
                with contextlib.suppress(LockError, *REDIS_DOWN):  # expired: nothing to give back
                    await lock.release()
