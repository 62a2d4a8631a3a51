"""The identity cache of several instances, kept in step through Redis pub/sub.

A change to who someone is (a role, a membership, an organisation) made on one instance drops
the cached viewers there at commit, and is published; every instance listening drops its own at
once, instead of serving the old roles until the cache's time-to-live runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from typing import Any

from redis.asyncio import Redis

from bot.redis_errors import REDIS_DOWN
from services.users import ViewerCache

log = logging.getLogger(__name__)
RECONNECT_SECONDS = 1.0


class SharedViewerCache(ViewerCache):
    def __init__(self, redis: Redis, ttl: float, namespace: str = "plan-bot", **kwargs: Any) -> None:
        super().__init__(ttl, **kwargs)
        self._redis = redis
        self._channel = f"{namespace}:viewers"
        self._me = uuid.uuid4().hex
        self._tasks: set[asyncio.Task[Any]] = set()
        self.subscribed = asyncio.Event()

    def invalidate(self) -> None:
        super().invalidate()
        task = asyncio.get_running_loop().create_task(self._publish())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _publish(self) -> None:
        try:
            await self._redis.publish(self._channel, self._me)
        except REDIS_DOWN as exc:  # the others see it when their entries expire
            log.warning("could not tell the other instances of a role change: %s", type(exc).__name__)

    async def listen(self, stop: asyncio.Event) -> None:
        """Drop the cache whenever another instance says so, until `stop`."""
        while not stop.is_set():
            try:
                async with self._redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self._channel)
                    # Anything missed while not subscribed is forgotten now.
                    ViewerCache.invalidate(self)
                    self.subscribed.set()
                    while not stop.is_set():
                        message = await pubsub.get_message(timeout=1.0)
                        if message is not None and message.get("data") != self._me.encode():
                            ViewerCache.invalidate(self)
            except REDIS_DOWN as exc:
                self.subscribed.clear()
                log.warning("identity cache not in step with other instances: %s", type(exc).__name__)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), RECONNECT_SECONDS)


async def announce_identity_change(redis_url: str, namespace: str) -> str | None:
    """Tell the running instances that who is who changed, from a process that is not one of
    them (the command line), so they drop their cached viewers now. None if told, else why not
    (the instances then see the change when their entries expire)."""
    redis = Redis.from_url(redis_url)
    try:
        await redis.publish(f"{namespace}:viewers", "command line")
        return None
    except REDIS_DOWN as exc:
        return type(exc).__name__
    finally:
        await redis.aclose()
