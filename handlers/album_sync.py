"""One answer per album when its parts reach different instances (webhooks behind a balancer).

Each part is noted in a Redis list of its album; the instance holding the part that was last
for a quiet moment answers, for all the parts, whichever instances stored them. Without Redis
at hand the instance answers for the parts it saw (as one instance always does).
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
from collections.abc import Hashable
from typing import Any

from redis.asyncio import Redis

from bot.redis_errors import REDIS_DOWN
from handlers.albums import AlbumCollector, Flush

log = logging.getLogger(__name__)
KEEP_MS = 600_000  # an album's list outlives any quiet moment, then goes

# KEYS: the album's list. ARGV: how long the list was when this part was added.
# Returns the parts if none came after it (and forgets them), else nothing.
_TAKE_IF_LAST = """
if redis.call('LLEN', KEYS[1]) == tonumber(ARGV[1]) then
  local parts = redis.call('LRANGE', KEYS[1], 0, -1)
  redis.call('DEL', KEYS[1])
  return parts
end
return false
"""


class SharedAlbumCollector(AlbumCollector):
    def __init__(self, redis: Redis, quiet_seconds: float, namespace: str = "plan-bot") -> None:
        super().__init__(quiet_seconds)
        self._redis = redis
        self._keys = f"{namespace}:album:"
        self._take = redis.register_script(_TAKE_IF_LAST)
        self._waiting: set[asyncio.Task[None]] = set()

    def add(self, key: Hashable, part: Any, flush: Flush) -> None:
        # A fresh context: the wait must not inherit the update's database session.
        task = asyncio.create_task(self._note(key, part, flush), context=contextvars.Context())
        self._waiting.add(task)
        task.add_done_callback(self._waiting.discard)

    async def _note(self, key: Hashable, part: Any, flush: Flush) -> None:
        name = self._keys + ":".join(map(str, key if isinstance(key, tuple) else (key,)))
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.rpush(name, json.dumps(part))
                pipe.pexpire(name, KEEP_MS)
                length, _ = await pipe.execute()
        except REDIS_DOWN as exc:
            log.warning("album %s: Redis unreachable (%s); answering for this instance's parts", key, exc)
            super().add(key, part, flush)
            return
        await asyncio.sleep(self._quiet)
        try:
            parts = await self._take(keys=[name], args=[length])
        except REDIS_DOWN:
            log.exception("album %s: could not read its parts", key)
            parts = [json.dumps(part)]
        if not parts:
            return  # a later part came: its instance answers
        try:
            await flush([json.loads(value) for value in parts])
        except Exception:  # the parts are stored; only the summary message is lost
            log.exception("album %s: could not answer", key)

    async def close(self) -> None:
        waiting = list(self._waiting)
        for task in waiting:
            task.cancel()
        await asyncio.gather(*waiting, return_exceptions=True)
        await super().close()
