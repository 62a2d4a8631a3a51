"""Update middlewares, outermost first: flood control, unit of work, who is writing."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TgUser
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.fsm_storage import current_session
from bot.i18n import I18n
from db.models import ProcessedUpdate
from db.repositories.users import UserRepo
from services.clock import Clock
from services.users import TelegramProfile, UserService

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
log = logging.getLogger(__name__)


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class ThrottlingMiddleware(BaseMiddleware):
    """A token bucket per user: bursts (albums) pass, floods are dropped with one warning."""

    def __init__(
        self,
        i18n: I18n,
        burst: int,
        rate: float,
        monotonic: Callable[[], float] = time.monotonic,
        max_users: int = 100_000,
    ) -> None:
        self._i18n = i18n
        self._burst = burst
        self._rate = rate
        self._monotonic = monotonic
        self._max_users = max_users
        self._buckets: dict[int, _Bucket] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: TgUser | None = data.get("event_from_user")
        if user is None or self._take(user.id):
            return await handler(event, data)
        await self._warn_once(user, event, data["bot"])
        return None

    def _take(self, user_id: int) -> bool:
        now = self._monotonic()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) >= self._max_users:
                self._buckets.clear()  # memory stays bounded; a reset only forgives
            bucket = self._buckets[user_id] = _Bucket(tokens=self._burst, updated=now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return True
        return False

    async def _warn_once(self, user: TgUser, event: TelegramObject, bot: Bot) -> None:
        bucket = self._buckets[user.id]
        text = self._i18n.get(self._i18n.pick_locale(None, user.language_code))("flood-slow-down")
        if isinstance(event, Update) and event.callback_query is not None:
            await event.callback_query.answer(text)
            return
        if not bucket.warned:
            bucket.warned = True
            await bot.send_message(user.id, text)


class UnitOfWorkMiddleware(BaseMiddleware):
    """One session per update, committed once; an update id is handled at most once.

    The processed-update row is written at the end, in the same transaction as the work,
    so a crash before the commit leaves the update to be handled again on restart, and a
    re-delivered update that did commit is skipped.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._session_factory = session_factory
        self._clock = clock

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        async with self._session_factory() as session:
            seen = await session.scalar(
                select(ProcessedUpdate.update_id).where(ProcessedUpdate.update_id == event.update_id)
            )
            if seen is not None:
                log.info("update %s was already handled, skipping", event.update_id)
                return None
            data["session"] = session
            token = current_session.set(session)
            try:
                result = await handler(event, data)
            except Exception:
                await session.rollback()
                # The user is told something went wrong; replaying a failing update after a
                # restart would only repeat that, so the id is still recorded.
                await self._record(session, event.update_id)
                raise
            finally:
                current_session.reset(token)
            await self._record(session, event.update_id)
            return result

    async def _record(self, session: AsyncSession, update_id: int) -> None:
        session.add(ProcessedUpdate(update_id=update_id, processed_at=self._clock.now()))
        try:
            await session.commit()
        except IntegrityError:
            # A concurrent delivery of the same update won the race; its work stands, ours not.
            await session.rollback()
            log.warning("update %s was handled concurrently; this copy rolled back", update_id)


class ViewerMiddleware(BaseMiddleware):
    """Loads (or registers) the sender, picks their language, hands both to handlers."""

    def __init__(self, i18n: I18n, clock: Clock, admin_ids: list[int]) -> None:
        self._i18n = i18n
        self._clock = clock
        self._admin_ids = admin_ids

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        viewer = None
        if tg_user is not None and not tg_user.is_bot:
            users = UserService(UserRepo(data["session"]), self._clock, self._admin_ids)
            viewer = await users.identify(
                TelegramProfile(
                    tg_id=tg_user.id,
                    first_name=tg_user.first_name,
                    last_name=tg_user.last_name,
                    username=tg_user.username,
                    language_code=tg_user.language_code,
                )
            )
            locale = self._i18n.pick_locale(viewer.locale, viewer.language_code)
        else:
            locale = self._i18n.default_locale
        data["viewer"] = viewer
        data["_"] = self._i18n.get(locale)
        return await handler(event, data)
