"""Updates through the real Dispatcher (routers, filters, middlewares, a migrated SQLite file),
with a Bot whose session records each request instead of sending it."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bot.callback_answers import AnswerOnce
from bot.commands import CommandRegistry
from bot.config import Settings
from bot.factory import make_dispatcher
from bot.i18n import I18n
from bot.unit_of_work import SettleBeforeRequest
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.repositories.inbox import UpdateInbox
from services.clock import FrozenClock

ADMIN = 5001
STRANGER = 5002


class RecordingSession(BaseSession):
    """Answers every Bot API method with a plausible result and keeps the method."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self._ids = itertools.count(100)

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        self.requests.append(method)
        returning = method.__returning__
        if returning is Message:
            chat = Chat(id=int(getattr(method, "chat_id", 0) or 0), type="private")
            return Message(
                message_id=next(self._ids),
                date=datetime.now(UTC),
                chat=chat,
                text=getattr(method, "text", None),
            )
        if returning is User:
            return User(id=42, is_bot=True, first_name="Plan bot", username="plan_bot")
        return True

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - no downloads here
        raise NotImplementedError

    async def close(self) -> None:
        pass

    def of(self, name: str) -> list[Any]:
        return [m for m in self.requests if type(m).__name__ == name]


class Chatter:
    """Makes updates as a Telegram client would send them, and feeds them."""

    def __init__(self, dp: Dispatcher, bot: Bot, session: RecordingSession, inbox: UpdateInbox) -> None:
        self.dp, self.bot, self.session, self.inbox = dp, bot, session, inbox
        self._update_ids = itertools.count(1)

    async def _feed(self, update: Update) -> None:
        # As the poller does: the update is in the inbox first, so its unit of work can claim it.
        await self.inbox.accept([(update.update_id, update.model_dump_json())], datetime.now(UTC))
        await self.dp.feed_update(self.bot, update)

    def _user(self, user_id: int) -> User:
        return User(id=user_id, is_bot=False, first_name=f"U{user_id}", language_code="ru")

    async def send(self, user_id: int, text: str) -> None:
        message = Message(
            message_id=next(self._update_ids),
            date=datetime.now(UTC),
            chat=Chat(id=user_id, type="private"),
            from_user=self._user(user_id),
            text=text,
        )
        await self._feed(Update(update_id=next(self._update_ids), message=message))

    async def press(self, user_id: int, data: str) -> None:
        shown = Message(message_id=1, date=datetime.now(UTC), chat=Chat(id=user_id, type="private"), text="…")
        query = CallbackQuery(
            id=str(next(self._update_ids)),
            from_user=self._user(user_id),
            chat_instance="c",
            message=shown,
            data=data,
        )
        await self._feed(Update(update_id=next(self._update_ids), callback_query=query))

    def texts(self) -> list[str]:
        return [m.text for m in self.session.requests if hasattr(m, "text") and isinstance(m.text, str)]

    def answers(self) -> list[tuple[str | None, bool | None]]:
        return [(m.text, m.show_alert) for m in self.session.of("AnswerCallbackQuery")]


@pytest.fixture
async def chat(tmp_path: Path) -> AsyncIterator[Chatter]:
    settings = Settings(
        _env_file=None, bot_token="1:x", data_dir=tmp_path, admin_ids=[ADMIN], album_wait_seconds=0.05
    )
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await upgrade(url)
    engine = create_engine(url)
    i18n = I18n("ru")
    clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    session_factory = create_session_factory(engine)
    dp = make_dispatcher(settings, session_factory, i18n, clock, CommandRegistry(i18n))
    answers = AnswerOnce()
    session = RecordingSession()
    session.middleware(SettleBeforeRequest())  # as in production: commit before any request
    session.middleware(answers)
    dp["callback_answers"] = answers
    dp["wake_broadcasts"] = lambda: None
    bot = Bot("42:TEST", session=session)
    yield Chatter(dp, bot, session, UpdateInbox(session_factory))
    await dp["albums"].close()
    await engine.dispose()
