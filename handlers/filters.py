"""Filters shared by feature routers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from enum import StrEnum
from typing import Any

from aiogram import BaseMiddleware
from aiogram.filters import BaseFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message, TelegramObject

from bot.i18n import I18n
from handlers.menu import MENU_KEYS
from services.permissions import Role
from services.users import Viewer


class MenuButton(BaseFilter):
    """A press of a reply-keyboard button, in whichever language the keyboard was drawn."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, i18n: I18n) -> bool:
        return message.text is not None and message.text in i18n.variants(self.key)


class HasRole(BaseFilter):
    """Routes by role; services still check permissions on every object."""

    def __init__(self, *roles: Role) -> None:
        self.roles = roles

    async def __call__(self, _event: object, viewer: Viewer | None) -> bool:
        return viewer is not None and any(viewer.has_role(role) for role in self.roles)


class MenuText(BaseFilter):
    """Any reply-keyboard button or command: not an answer to a question the bot asked."""

    async def __call__(self, message: Message, i18n: I18n) -> bool:
        text = message.text or ""
        return text.startswith("/") or any(text in i18n.variants(key) for key in MENU_KEYS)


class Member(BaseFilter):
    """Someone with a role somewhere. Strangers fall through to the fallback router, which tells
    them how to join instead of each command repeating it."""

    async def __call__(self, _event: object, viewer: Viewer | None) -> bool:
        return viewer is not None and viewer.top_role is not None


class Registered(BaseFilter):
    """Anyone the bot knows (a Telegram user, not a bot), member of an organisation or not."""

    async def __call__(self, _event: object, viewer: Viewer | None) -> bool:
        return viewer is not None


class LeaveStateOnOtherButton(BaseMiddleware):
    """A router's inner middleware: a press of any other `button` than `keep` ends `state`
    (the user moved on from a question, so a later message is not the answer to it)."""

    def __init__(self, state: State, button: type[CallbackData], keep: Collection[StrEnum]) -> None:
        self._state = state.state
        self._button = button
        self._keep = keep

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        pressed = data.get("callback_data")
        if isinstance(pressed, self._button) and getattr(pressed, "action", None) not in self._keep:
            context: FSMContext = data["state"]
            if await context.get_state() == self._state:
                await context.clear()
        return await handler(event, data)


# Who reads progress and its files (the service still narrows a head to their organisation).
WATCHES_PROGRESS = HasRole(Role.ADMIN, Role.OBSERVER, Role.HEAD)
