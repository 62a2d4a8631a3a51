"""One answer per album.

Telegram delivers an album (media group) as several messages sharing a `media_group_id`, with
no marker on the last one. Each part is stored as it arrives (its own update and transaction,
so nothing is lost on a restart); only the bot's answer waits until the group has been quiet
for a moment, and then speaks once for all the parts.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

log = logging.getLogger(__name__)

Flush = Callable[[list[Any]], Awaitable[None]]


class AlbumCollector:
    def __init__(self, quiet_seconds: float) -> None:
        self._quiet = quiet_seconds
        self._parts: dict[Hashable, list[Any]] = {}
        self._timers: dict[Hashable, asyncio.Task[None]] = {}

    def add(self, key: Hashable, part: Any, flush: Flush) -> None:
        """Remember a part; `flush(parts)` of the latest call runs once the group is quiet."""
        self._parts.setdefault(key, []).append(part)
        previous = self._timers.pop(key, None)
        if previous is not None:
            previous.cancel()
        # A fresh context: the timer must not inherit the update's database session.
        self._timers[key] = asyncio.create_task(self._later(key, flush), context=contextvars.Context())

    async def _later(self, key: Hashable, flush: Flush) -> None:
        await asyncio.sleep(self._quiet)
        self._timers.pop(key, None)
        parts = self._parts.pop(key, [])
        try:
            await flush(parts)
        except Exception:  # the parts are stored; only the summary message is lost
            log.exception("album %s: could not answer", key)

    async def close(self) -> None:
        timers = list(self._timers.values())
        for timer in timers:
            timer.cancel()
        await asyncio.gather(*timers, return_exceptions=True)
        self._timers.clear()
        self._parts.clear()
