"""Screens made of one message edited in place: showing them and paging their buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.text import fit_html

PAGE_SIZE = 8  # rows of a list on a phone screen
T = TypeVar("T")


async def show(event: Message | CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """A press edits the message it came from (no chat flood); a command gets a new message.

    Redrawing a screen is cosmetic: the same screen again («message is not modified») is fine,
    and a message that can no longer be edited (deleted, too old) gets a fresh one instead.
    """
    text = fit_html(text)
    if isinstance(event, CallbackQuery):
        await event.answer()  # a toast answered before this one wins (see bot.callback_answers)
        if isinstance(event.message, Message):
            try:
                await event.message.edit_text(text, reply_markup=markup)
                return
            except TelegramBadRequest as exc:
                if "not modified" in exc.message:
                    return
                if not any(reason in exc.message for reason in _UNEDITABLE):
                    raise
        if event.bot is not None:
            await event.bot.send_message(event.from_user.id, text, reply_markup=markup)
        return
    await event.answer(text, reply_markup=markup)


_UNEDITABLE = ("message to edit not found", "message can't be edited")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int
    count: int

    def pager(self, button: Callable[[str, int], InlineKeyboardButton]) -> list[InlineKeyboardButton] | None:
        """ "‹ 2/5 ›", wrapping around; `button(text, page)` makes one button. None for one page."""
        if self.count <= 1:
            return None
        return [
            button("‹", (self.number - 1) % self.count),
            button(f"{self.number + 1}/{self.count}", self.number),
            button("›", (self.number + 1) % self.count),
        ]


def paginate(items: Sequence[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
    count = max(1, (len(items) + size - 1) // size)
    number = max(0, min(number, count - 1))
    return Page(items[number * size : (number + 1) * size], number, count)


def page_of_total(total: int, number: int, size: int = PAGE_SIZE) -> Page[object]:
    """The page frame of a list the database pages itself (only its total is known here)."""
    count = max(1, -(-total // size))
    return Page((), number % count, count)


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """Rows of buttons as a markup (aiogram's builder, row by row as the screen lays them out)."""
    builder = InlineKeyboardBuilder()
    for row in rows:
        builder.row(*row)
    return builder.as_markup()


async def say(event: Message | CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """A new message in the chat, whether the user typed or pressed (the press is answered)."""
    if isinstance(event, CallbackQuery):
        await event.answer()
        if isinstance(event.message, Message):
            await event.message.answer(text, reply_markup=markup)
        return
    await event.answer(text, reply_markup=markup)
