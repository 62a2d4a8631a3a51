"""Bot API request middleware: wait out 429s, report 403s as an unreachable chat."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod

from services.errors import ChatUnreachable

log = logging.getLogger(__name__)


class RetryAfterMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        max_retries: int = 5,
        max_wait: float = 120.0,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        on_retry_after: Callable[[float], None] | None = None,
    ) -> None:
        self._max_retries = max_retries
        self._max_wait = max_wait
        self._sleep = sleep
        # Tells the shared send limiter, so every sender pauses, not only the one that was told.
        self._on_retry_after = on_retry_after

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        attempt = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                attempt += 1
                if attempt > self._max_retries or exc.retry_after > self._max_wait:
                    raise
                log.warning(
                    "%s hit the flood limit, retrying in %ss (attempt %d)",
                    type(method).__name__,
                    exc.retry_after,
                    attempt,
                )
                if self._on_retry_after is not None:
                    self._on_retry_after(exc.retry_after)
                await self._sleep(exc.retry_after)
            except TelegramForbiddenError as exc:
                raise ChatUnreachable(getattr(method, "chat_id", None), exc.message) from exc
