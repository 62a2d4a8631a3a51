"""Notices to one person, coalesced: the first goes at once, the rest become one summary.

600 teachers joining through a 50-use link would otherwise send their inviter 600 messages,
and at Telegram's one message a second per chat that is ten minutes of backlog competing with
everything else for that chat. So within a window (a few minutes) further notices of the same
kind to the same person are counted, and one «ещё 37 человек…» goes when the window closes;
a window with something in it opens the next one, so a steady stream gives one summary per
window. What is counted lives in memory: a restart drops an unsent summary, never a change.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field

from bot.send_errors import SEND_FAILURES, classify

log = logging.getLogger(__name__)
Send = Callable[[int, str], Awaitable[object]]


@dataclass
class _Window:
    count: int = 0
    summary: Callable[[int], str] | None = None
    timer: asyncio.Task[None] | None = field(default=None, repr=False)


class NoticeCoalescer:
    def __init__(self, send: Send, window_seconds: float = 180.0, max_windows: int = 10_000) -> None:
        self._send = send
        self._window = window_seconds
        self._max_windows = max_windows
        self._open: dict[tuple[int, Hashable], _Window] = {}

    async def notify(self, chat_id: int, kind: Hashable, text: str, summary: Callable[[int], str]) -> None:
        """Send `text` now, or count it toward `summary(count)` if a window is open for it."""
        key = (chat_id, kind)
        window = self._open.get(key)
        if window is not None:
            window.count += 1
            window.summary = summary
            return
        if len(self._open) >= self._max_windows:  # memory stays bounded: send, don't count
            await self._deliver(chat_id, text)
            return
        window = self._open[key] = _Window()
        # A fresh context: the timer must not inherit the update's unit of work.
        window.timer = asyncio.create_task(self._close_later(key), context=contextvars.Context())
        await self._deliver(chat_id, text)

    async def _close_later(self, key: tuple[int, Hashable]) -> None:
        while True:
            await asyncio.sleep(self._window)
            window = self._open[key]
            if not window.count or window.summary is None:
                del self._open[key]
                return
            count, window.count = window.count, 0
            await self._deliver(key[0], window.summary(count))

    async def _deliver(self, chat_id: int, text: str) -> None:
        try:
            await self._send(chat_id, text)
        except SEND_FAILURES as exc:  # a notice is informative: the change it reports is stored
            log.info("could not send a notice to %s: %s", chat_id, classify(exc).code)

    async def close(self) -> None:
        timers = [w.timer for w in self._open.values() if w.timer is not None]
        for timer in timers:
            timer.cancel()
        for timer in timers:
            with contextlib.suppress(asyncio.CancelledError):
                await timer
        self._open.clear()
