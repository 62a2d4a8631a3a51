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

from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import TelegramMethod

from db.unit_of_work import UnitOfWork

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
