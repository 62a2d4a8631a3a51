"""Screens made of one message edited in place: showing them and paging their buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

PAGE_SIZE = 8  # rows of a list on a phone screen
T = TypeVar("T")


async def show(event: Message | CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """A press edits the message it came from (no chat flood); a command gets a new message."""
    if isinstance(event, CallbackQuery):
        await event.answer()
        if isinstance(event.message, Message):
            await event.message.edit_text(text[:4000], reply_markup=markup)
            return
        return
    await event.answer(text[:4000], reply_markup=markup)


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
