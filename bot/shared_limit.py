"""The send rate limiter in Redis: several instances share one Telegram limit.

The same reservations as `RateLimiter` (the next free moment under the global rate, one message
a second per private chat, twenty a minute per group), taken atomically by a Lua script on the
Redis server's own clock, so instances on different machines agree on "now". The waiting happens
in each instance, outside Redis. A 429's "retry after" is written there too: every instance
holds back. If Redis cannot be reached, the instance falls back to its own limiter (logged), so
a Redis outage slows nothing down to a stop; Telegram's 429s are still waited out.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis

from bot.ratelimit import HEADROOM, RateLimiter
from bot.redis_errors import REDIS_DOWN

log = logging.getLogger(__name__)
NAMESPACE = "plan-bot"  # keys: NAMESPACE:rate:global, NAMESPACE:rate:chat:<id>

# KEYS: the global slot, the chat's slot. ARGV: seconds per message, messages, the chat's spacing.
# Returns the seconds to wait, as text (Redis would cut a Lua number to an integer).
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local start = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0'))
local global_next = start + tonumber(ARGV[1]) * tonumber(ARGV[2])
local chat_next = start + tonumber(ARGV[3])
redis.call('SET', KEYS[1], string.format('%.6f', global_next), 'PX', math.ceil((global_next - now) * 1000) + 60000)
redis.call('SET', KEYS[2], string.format('%.6f', chat_next), 'PX', math.ceil((chat_next - now) * 1000) + 1000)
return string.format('%.6f', start - now)
"""
# KEYS: the global slot. ARGV: seconds nobody may send for.
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local until_ = math.max(now + tonumber(ARGV[1]), tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], string.format('%.6f', until_), 'PX', math.ceil((until_ - now) * 1000) + 60000)
return 1
"""


class SharedRateLimiter(RateLimiter):
    def __init__(
        self,
        redis: Redis,
        per_second: float,
        per_chat_interval: float = 1.0,
        group_interval: float = 3.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        namespace: str = NAMESPACE,
    ) -> None:
        super().__init__(per_second, per_chat_interval, group_interval, monotonic, sleep)
        self._redis = redis
        self._keys = f"{namespace}:rate:"
        self._reserve = redis.register_script(_RESERVE)
        self._pause = redis.register_script(_PAUSE)
        self._pauses: set[asyncio.Task[Any]] = set()
        self._warned_at = -1e9

    async def acquire(self, chat_id: int, messages: int = 1) -> None:
        spacing = self._group_interval if chat_id < 0 else self._chat_interval
        try:
            wait = float(
                await self._reserve(
                    keys=[f"{self._keys}global", f"{self._keys}chat:{chat_id}"],
                    args=[repr(self._interval), messages, repr(spacing)],
                )
            )
        except REDIS_DOWN as exc:
            self._warn(exc)
            await super().acquire(chat_id, messages)
            return
        # A pause this instance heard of but could not pass on holds here all the same.
        local = self._next_global - self._now()
        wait = max(wait, local)
        if wait > 0:
            await self._sleep(wait)

    def pause(self, seconds: float) -> None:
        super().pause(seconds)
        task = asyncio.get_running_loop().create_task(self._share_pause(seconds))
        self._pauses.add(task)
        task.add_done_callback(self._pauses.discard)

    async def _share_pause(self, seconds: float) -> None:
        try:
            await self._pause(keys=[f"{self._keys}global"], args=[repr(seconds)])
        except REDIS_DOWN as exc:
            self._warn(exc)

    def _warn(self, exc: BaseException) -> None:
        now = self._now()
        if now - self._warned_at > 60:
            self._warned_at = now
            log.warning(
                "Redis unreachable for the shared send limit (%s); limiting locally", type(exc).__name__
            )


__all__ = ["HEADROOM", "SharedRateLimiter"]
