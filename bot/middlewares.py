"""Update middlewares, outermost first: flood control, unit of work, who is writing."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import I18n
from bot.send_errors import SEND_FAILURES, classify
from bot.unit_of_work import current_unit
from db.repositories.inbox import UpdateInbox
from db.unit_of_work import UnitOfWork, UpdateAlreadyHandled
from services.clock import Clock
from services.holder import Services
from services.users import IDENTITY_TABLES, TelegramProfile, UserService, ViewerCache

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
log = logging.getLogger(__name__)


async def count_as_handled(update_id: int, data: dict[str, Any], inbox: UpdateInbox, clock: Clock) -> None:
    """An update that changed nothing is done: the poller marks such rows in bulk
    (`handled_read_only`); fed outside the poller (tests, tools), it is marked here."""
    read_only: list[int] | None = data.get("handled_read_only")
    if read_only is not None:
        read_only.append(update_id)
    else:
        await inbox.mark_handled([update_id], clock.now())


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class ThrottlingMiddleware(BaseMiddleware):
    """A token bucket per user: bursts (albums) pass, floods are dropped with one warning.

    A dropped update counts as handled (it is not replayed after a restart). Buckets are kept
    for the users seen most recently, at most `max_users`: the one dropped is the user idle the
    longest, whose bucket has most likely refilled anyway.
    """

    def __init__(
        self,
        i18n: I18n,
        burst: int,
        rate: float,
        inbox: UpdateInbox,
        clock: Clock,
        monotonic: Callable[[], float] = time.monotonic,
        max_users: int = 100_000,
    ) -> None:
        self._i18n = i18n
        self._burst = burst
        self._rate = rate
        self._inbox = inbox
        self._clock = clock
        self._monotonic = monotonic
        self._max_users = max_users
        self._buckets: OrderedDict[int, _Bucket] = OrderedDict()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: TgUser | None = data.get("event_from_user")
        if user is None or self._take(user.id):
            return await handler(event, data)
        if isinstance(event, Update):
            await count_as_handled(event.update_id, data, self._inbox, self._clock)
        await self._warn_once(user, event, data["bot"])
        return None

    @property
    def tracked_users(self) -> int:
        return len(self._buckets)

    def _take(self, user_id: int) -> bool:
        now = self._monotonic()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            while len(self._buckets) >= self._max_users:
                self._buckets.popitem(last=False)
            bucket = self._buckets[user_id] = _Bucket(tokens=self._burst, updated=now)
        else:
            self._buckets.move_to_end(user_id)
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
        try:
            if isinstance(event, Update) and event.callback_query is not None:
                await event.callback_query.answer(text)
                return
            if not bucket.warned:
                bucket.warned = True
                await bot.send_message(user.id, text)
        except SEND_FAILURES as exc:  # a warning to a flooder is not worth a failed update
            log.info("could not warn user %s about flooding: %s", user.id, classify(exc).code)


class UnitOfWorkMiddleware(BaseMiddleware):
    """One unit of work per update (see `bot.unit_of_work`), settled before every Bot API call
    and once more at the end.

    An update that changed data marks its inbox row handled in the same transaction as its
    first change, so it is never applied twice, even when handled again after a crash. An
    update that only read is reported to the poller (`handled_read_only`), which marks such
    rows in bulk.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        viewers: ViewerCache,
        default_timezone: str,
        admin_ids: list[int],
    ) -> None:
        self._session_factory = session_factory
        self._inbox = UpdateInbox(session_factory)
        self._clock = clock
        self._viewers = viewers
        self._default_timezone = default_timezone
        self._admin_ids = admin_ids

    def _committed(self, written: frozenset[str]) -> None:
        if written & IDENTITY_TABLES:
            self._viewers.invalidate()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        async with self._session_factory() as session:
            unit = UnitOfWork(session, event.update_id, self._clock, self._committed)
            data["unit"] = unit
            # Every service of this update, by the parameter name handlers ask for.
            data.update(Services(unit.repos, self._clock, self._default_timezone, self._admin_ids).as_data())
            unit_token = current_unit.set(unit)
            try:
                result = await handler(event, data)
                await unit.settle()
            except UpdateAlreadyHandled:
                log.warning("update %s was already handled; this copy rolled back", event.update_id)
                return None
            except Exception:
                await unit.rollback()
                if not unit.claimed:
                    # The user was told something went wrong; replaying a failing update after a
                    # restart would only repeat that, so it counts as handled all the same.
                    await count_as_handled(event.update_id, data, self._inbox, self._clock)
                raise
            finally:
                unit.closed = True
                current_unit.reset(unit_token)
        if not unit.claimed:
            await count_as_handled(event.update_id, data, self._inbox, self._clock)
        return result


class ViewerMiddleware(BaseMiddleware):
    """Loads (or registers) the sender, picks their language, hands both to handlers."""

    def __init__(self, i18n: I18n, viewers: ViewerCache) -> None:
        self._i18n = i18n
        self._viewers = viewers

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        viewer = None
        if tg_user is not None and not tg_user.is_bot:
            profile = TelegramProfile(
                tg_id=tg_user.id,
                first_name=tg_user.first_name,
                last_name=tg_user.last_name,
                username=tg_user.username,
                language_code=tg_user.language_code,
            )
            viewer = self._viewers.get(profile)
            if viewer is None:
                users: UserService = data["users"]
                viewer = await users.identify(profile)
                # Who the sender is does not depend on the outcome of the handler: settle it
                # now, which also hands the connection back to the pool while the handler
                # waits on Telegram (the handler's own work still commits once, at the end).
                unit: UnitOfWork = data["unit"]
                await unit.commit()
                self._viewers.put(profile, viewer)
            locale = self._i18n.pick_locale(viewer.locale, viewer.language_code)
        else:
            locale = self._i18n.default_locale
        data["viewer"] = viewer
        data["_"] = self._i18n.get(locale)
        return await handler(event, data)
