"""A button press is answered exactly once, and answering it is never what fails an update.

Telegram accepts one `answerCallbackQuery` per press; a second one gets 400 «query is too old
and response timeout expired or query ID is invalid», and so does the first one once the press
is older than about 15 seconds (a press replayed from the inbox after a restart). Handlers answer
presses from several places — a toast with the result, then the screen helper that redraws the
card — so the rule is kept here, for every handler at once: the first answer goes out, a later
one for the same press is dropped, and an answer that fails (refused, a 502 page, a timeout)
is logged, not raised. The spinner is cosmetic; the change the press made is already committed
(see `bot.unit_of_work`).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import AnswerCallbackQuery, TelegramMethod

from bot.send_errors import SEND_FAILURES, classify

log = logging.getLogger(__name__)


class AnswerOnce(BaseRequestMiddleware):
    def __init__(self, remember: int = 50_000) -> None:
        # Presses are answered within seconds; a bounded memory of recent ones is enough.
        self._answered: OrderedDict[str, None] = OrderedDict()
        self._remember = remember

    def answered(self, query_id: str) -> bool:
        return query_id in self._answered

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Any:
        if not isinstance(method, AnswerCallbackQuery):
            return await make_request(bot, method)
        query_id = method.callback_query_id
        if query_id in self._answered:
            log.debug("press %s was answered already; a second answer is dropped", query_id)
            return True
        self._answered[query_id] = None
        while len(self._answered) > self._remember:
            self._answered.popitem(last=False)
        try:
            return await make_request(bot, method)
        except SEND_FAILURES as exc:  # too old, or the network: the spinner stops by itself
            log.info("press %s could not be answered: %s", query_id, classify(exc).code)
            return True
