"""A broadcast as its author sees it while it goes out: the progress line and the Cancel button."""

from __future__ import annotations

from datetime import timedelta

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callback_data import BroadcastAction, BroadcastButton
from bot.i18n import Translator
from services.broadcasts import Progress


def progress_text(progress: Progress, _: Translator, eta: timedelta | None) -> str:
    return _(
        "broadcast-progress",
        sent=progress.sent,
        failed=progress.failed + progress.unreachable,
        left=progress.left,
        eta=str(eta) if eta is not None else "—",
    )


def summary_text(progress: Progress, cancelled: bool, _: Translator) -> str:
    key = "broadcast-cancelled-summary" if cancelled else "broadcast-done"
    return _(
        key, sent=progress.sent, failed=progress.failed, unreachable=progress.unreachable, left=progress.left
    )


def cancel_markup(broadcast_id: int, _: Translator) -> InlineKeyboardMarkup:
    stop = BroadcastButton(action=BroadcastAction.STOP, broadcast_id=broadcast_id)
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=_("btn-broadcast-cancel"), callback_data=stop.pack())]]
    )
