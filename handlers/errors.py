"""One error handler: domain errors become a localized message, the rest a polite apology."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.types import ErrorEvent

from bot.callback_answers import AnswerOnce
from bot.i18n import I18n
from services.errors import ChatUnreachable, DomainError

router = Router(name=__name__)
log = logging.getLogger(__name__)


@router.errors()
async def on_error(event: ErrorEvent, bot: Bot, i18n: I18n, callback_answers: AnswerOnce) -> bool:
    update = event.update
    exc = event.exception
    user = None
    for candidate in (update.message, update.callback_query, update.edited_message):
        if candidate is not None and candidate.from_user is not None:
            user = candidate.from_user
            break
    _ = i18n.get(i18n.pick_locale(None, user.language_code if user else None))

    if isinstance(exc, ChatUnreachable):
        log.info("update %s: chat %s is unreachable", update.update_id, exc.chat_id)
        return True
    if isinstance(exc, DomainError):
        text = _(exc.message_key, **exc.params)
    else:
        log.error("update %s failed", update.update_id, exc_info=exc)
        text = _("error-unexpected")

    # A press answered already (a toast before the failure) cannot show an alert any more: the
    # message goes to the chat instead, so the user is never left without a word.
    try:
        press = update.callback_query
        if press is not None and not callback_answers.answered(press.id):
            await press.answer(text, show_alert=True)
        elif user is not None:
            await bot.send_message(user.id, text)
    except Exception:  # the apology itself failing must not hide the original error
        log.exception("update %s: could not tell the user about the error", update.update_id)
    return True
