"""One limiter for everything the bot sends on its own (digests, broadcasts).

Each send reserves the next free moment under every limit that applies: the global rate, one
message per second per private chat, twenty per minute per group. Reservations are taken in
order under a lock and the waiting happens outside it, so many sends can be in flight at once
(a Bot API round trip is 50–150 ms) while the rate stays at the limit, never above it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

# Sends are spaced for this share of the configured rate: the moment a request leaves is not
# the moment Telegram counts it (event-loop and network jitter), and a burst of a few
# milliseconds at exactly the limit is enough for a 429.
HEADROOM = 0.95


class RateLimiter:
    def __init__(
        self,
        per_second: float,
        per_chat_interval: float = 1.0,
        group_interval: float = 3.0,  # 20 a minute
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._interval = 1.0 / (per_second * HEADROOM)
        self._chat_interval = per_chat_interval
        self._group_interval = group_interval
        self._now = monotonic
        self._sleep = sleep
        self._next_global = 0.0
        self._next_chat: dict[int, float] = {}
        self._lock = asyncio.Lock()

    @property
    def per_second(self) -> float:
        return 1.0 / self._interval / HEADROOM

    async def acquire(self, chat_id: int, messages: int = 1) -> None:
        """Wait for this chat's turn; an album counts as its number of messages."""
        async with self._lock:
            now = self._now()
            start = max(now, self._next_global, self._next_chat.get(chat_id, 0.0))
            self._next_global = start + self._interval * messages
            self._next_chat[chat_id] = start + (self._group_interval if chat_id < 0 else self._chat_interval)
            if len(self._next_chat) > 100_000:  # forget chats whose slot is long past
                self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
        if start > now:
            await self._sleep(start - now)

    def pause(self, seconds: float) -> None:
        """Telegram said "retry after": nobody sends before that moment."""
        self._next_global = max(self._next_global, self._now() + seconds)
