"""One unit of work per update, settled before every Bot API call.

SQLite has one write lock for the whole file. A handler that has written and then waits on
Telegram (a slow answer, a 429's `retry_after`, a 5 s latency spike) would keep every other
writer out, and after the busy timeout they fail with «database is locked». So the rule is
enforced where it cannot be forgotten: a Bot API request middleware settles the current
update's unit of work before the request leaves — what was written is committed (and the
update claimed in the inbox in the same transaction), and a read-only transaction is ended so
its pooled connection is free while the handler waits.

This is also what makes "what the user was told is what is stored" hold: a confirmation can
only reach the user after the change it confirms has been committed, and a cosmetic call that
fails afterwards (an edit, a second notification, the command list) has nothing left to roll
back. Writes made after a call start a new transaction, settled at the next call or at the end
of the update.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import TelegramMethod
from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.inbox import UpdateInbox
from services.clock import Clock

log = logging.getLogger(__name__)


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
        self._update_id = update_id
        self._clock = clock
        self._on_commit = on_commit
        self._task = asyncio.current_task()
        self.claimed = False
        self.closed = False

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
        elif session.in_transaction():
            # Nothing to keep: commit rather than roll back, since a rollback would expire every
            # loaded object and the handler may still read them.
            await session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()


current_unit: ContextVar[UnitOfWork | None] = ContextVar("current_unit", default=None)


class SettleBeforeRequest(BaseRequestMiddleware):
    """The outermost request middleware: no Bot API call leaves with a transaction open."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Any:
        unit = current_unit.get()
        if unit is not None and unit.serves_current_task():
            await unit.settle()
        return await make_request(bot, method)
