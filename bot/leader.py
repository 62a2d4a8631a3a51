"""Several instances on one database: the one holding the "leader" lease polls, sweeps and
sends; the others wait, ready to take over.

The leader renews its lease every third of its length; an instance that stops gives it back,
so another takes over at once; one killed (or cut off from the database) leaves it to expire,
and another takes over within one lease length. A leader that cannot renew in time stops its
work before the lease can pass to someone else, so two never poll or send at once.

Lease times are the wall clock's, not the bot's injected clock: they are about processes, not
about plans and deadlines.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.unit_of_work import transaction

log = logging.getLogger(__name__)
LEADER = "leader"


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Leadership:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        seconds: float,
        holder: str | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._session_factory = session_factory
        self._length = timedelta(seconds=seconds)
        self._every = seconds / 3
        self.holder = holder or instance_name()
        self._now = now
        self._held_until: datetime | None = None

    async def _take(self) -> bool:
        now = self._now()
        try:
            async with transaction(self._session_factory) as repos:
                taken = await repos.leases.take(LEADER, self.holder, now, now + self._length)
        except Exception:
            log.exception("could not reach the database for the lease")
            return False
        if taken:
            self._held_until = now + self._length
        return taken

    async def wait_to_lead(self, stop: asyncio.Event) -> bool:
        """Until this instance holds the lease (True) or is stopped (False)."""
        waited = False
        while not stop.is_set():
            if await self._take():
                log.info("leading as %s", self.holder)
                return True
            if not waited:
                log.info("another instance leads; %s waits to take over", self.holder)
                waited = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._every)
        return False

    async def keep(self, done: asyncio.Event, lost: asyncio.Event) -> None:
        """Renew the lease until `done`; if it cannot be renewed before it runs out, set `lost`
        a margin before it does (the work must stop while the lease is still ours)."""
        while not done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), self._every)
            if done.is_set():
                return
            if await self._take():
                continue
            margin = self._every / 2
            if self._held_until is None or self._now() >= self._held_until - timedelta(seconds=margin):
                log.error("lost the lead (the lease could not be renewed); stopping the work")
                lost.set()
                return

    async def give_back(self) -> None:
        try:
            async with transaction(self._session_factory) as repos:
                await repos.leases.give_back(LEADER, self.holder)
        except Exception:  # it expires by itself
            log.warning("could not give the lease back; it runs out by itself")
