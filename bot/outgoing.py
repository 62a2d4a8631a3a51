"""What the bot's senders outside any update (broadcasts, digests) share."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from aiogram import Bot

from bot.i18n import I18n, Translator
from bot.ratelimit import RateLimiter
from bot.send_errors import RETRY_DELAYS
from db.models import User
from services.clock import Clock


class Sender:
    """The bot, the catalogues, the clock, the rate limiter every sender shares (so together
    they stay under Telegram's limits), the retry schedule, and a wake-up call for new work."""

    def __init__(
        self,
        bot: Bot,
        i18n: I18n,
        clock: Clock,
        limiter: RateLimiter,
        retry_delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        self._bot = bot
        self._i18n = i18n
        self._clock = clock
        self.limiter = limiter
        self._retry_delays = retry_delays
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    def translator_for(self, user: User) -> Translator:
        """The user's chosen language, else Telegram's, else the default."""
        return self._i18n.get(self._i18n.pick_locale(user.locale, user.language_code))
