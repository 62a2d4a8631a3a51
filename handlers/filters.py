"""Filters shared by feature routers."""

from __future__ import annotations

from aiogram.filters import BaseFilter
from aiogram.types import Message

from bot.i18n import I18n
from db.models import Role
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


class Member(BaseFilter):
    """Someone with a role somewhere. Strangers fall through to the fallback router, which tells
    them how to join instead of each command repeating it."""

    async def __call__(self, _event: object, viewer: Viewer | None) -> bool:
        return viewer is not None and viewer.top_role is not None
