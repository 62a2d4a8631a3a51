"""Messages the bot sends on its own (a report to review, a decision), in the recipient's language."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup

from bot.i18n import I18n, Translator
from bot.send_errors import SEND_FAILURES, classify
from services.users import Person

log = logging.getLogger(__name__)


async def notify(
    bot: Bot,
    i18n: I18n,
    user: Person,
    key: str,
    markup: Callable[[Translator], InlineKeyboardMarkup] | None = None,
    **params: Any,
) -> bool:
    """Send and report success; a user who blocked the bot must not fail the sender's action."""
    _ = i18n.get(i18n.pick_locale(user.locale, user.language_code))
    try:
        await bot.send_message(user.tg_id, _(key, **params), reply_markup=markup(_) if markup else None)
    except SEND_FAILURES as exc:
        log.info("could not notify user %s (%s): %s", user.id, key, classify(exc).code)
        return False
    return True
