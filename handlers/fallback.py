"""Last router: anything no feature claimed gets a pointer to the menu instead of silence."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from services.users import Viewer

router = Router(name=__name__)


@router.message(F.chat.type == "private")
async def unknown_message(message: Message, viewer: Viewer | None, _: Translator) -> None:
    key = "fallback-unknown" if viewer and viewer.top_role else "fallback-stranger"
    await message.answer(_(key))


@router.callback_query()
async def stale_button(callback: CallbackQuery, viewer: Viewer | None, _: Translator) -> None:
    if viewer is None or viewer.top_role is None:
        # Feature routers take presses from members only: whoever else presses may not act.
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    # A button from an old message or forged data: answer it so the spinner stops.
    await callback.answer(_("error-not-found"), show_alert=False)
