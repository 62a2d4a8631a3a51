import pytest
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import SendMessage

from bot.request_retry import RetryAfterMiddleware
from services.errors import ChatUnreachable

METHOD = SendMessage(chat_id=5, text="hi")


async def test_gives_up_after_the_retry_budget() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def always_429(bot, method):
        raise TelegramRetryAfter(method=method, message="Too Many Requests", retry_after=2)

    middleware = RetryAfterMiddleware(max_retries=3, sleep=sleep)
    with pytest.raises(TelegramRetryAfter):
        await middleware(always_429, None, METHOD)
    assert slept == [2, 2, 2]


async def test_forbidden_becomes_chat_unreachable() -> None:
    async def blocked(bot, method):
        raise TelegramForbiddenError(method=method, message="Forbidden: bot was blocked by the user")

    with pytest.raises(ChatUnreachable) as info:
        await RetryAfterMiddleware()(blocked, None, METHOD)
    assert info.value.chat_id == 5
