"""Transactions: the unit of work of one update, and short transactions for the workers that
have no update (the broadcast sender, digests, the command line). Only this module and the
repositories touch a session; everything above gets `Repositories`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repositories import Repositories
from db.repositories.inbox import UpdateInbox


class Clock(Protocol):  # services.clock.Clock, named here so the database layer imports no service
    def now(self) -> datetime: ...


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[Repositories]:
    """One transaction, committed when the block ends (rolled back if it raises)."""
    async with factory() as session, session.begin():
        yield Repositories(session)


@asynccontextmanager
async def reading(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[Repositories]:
    """Reads outside any unit of work; the connection goes back to the pool when the block ends."""
    async with factory() as session:
        yield Repositories(session)


class UpdateAlreadyHandled(Exception):
    """Another copy of this update committed its effects first; this copy must stop."""


class UnitOfWork:
    def __init__(
        self,
        session: AsyncSession,
        update_id: int,
        clock: Clock,
        on_commit: Callable[[frozenset[str]], None],
    ) -> None:
        self.session = session
        self.repos = Repositories(session)
        self._update_id = update_id
        self._clock = clock
        self._on_commit = on_commit
        self._task = asyncio.current_task()
        self.claimed = False
        self.closed = False
        self._after_commit: list[Callable[[], None]] = []

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once what the update wrote so far is committed (never, if it is not)."""
        self._after_commit.append(callback)

    def serves_current_task(self) -> bool:
        # A task a handler spawns inherits the context (and so this unit of work); it must not
        # commit a session that belongs to the handler's own task.
        return not self.closed and asyncio.current_task() is self._task

    async def settle(self) -> None:
        """Commit what was written so far, claiming the update once; end a read-only transaction."""
        session = self.session
        await session.flush()
        written = session.sync_session.written_tables  # type: ignore[attr-defined]
        if written:
            if not self.claimed:
                if not await UpdateInbox.claim_in(session, self._update_id, self._clock.now()):
                    await session.rollback()
                    raise UpdateAlreadyHandled(self._update_id)
                self.claimed = True
            await session.commit()
            self._on_commit(written)
            callbacks, self._after_commit = self._after_commit, []
            for callback in callbacks:
                callback()
        elif session.in_transaction():
            # Nothing to keep: commit rather than roll back, since a rollback would expire every
            # loaded object and the handler may still read them.
            await session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()

    async def commit(self) -> None:
        """Commit now without claiming the update (who the sender is does not depend on what
        the handler then does)."""
        await self.session.commit()
