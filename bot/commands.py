"""The command list Telegram shows in the "/" menu: per language, and per chat by role."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat

from bot.i18n import I18n
from bot.send_errors import SEND_FAILURES, classify
from services.permissions import Role
from services.users import Viewer

log = logging.getLogger(__name__)

BASE_COMMANDS = ("start", "menu", "settings", "help", "cancel")
ROLE_COMMANDS: dict[Role | None, tuple[str, ...]] = {
    None: BASE_COMMANDS,
    Role.ADMIN: (
        "menu",
        "plans",
        "progress",
        "review",
        "import",
        "people",
        "broadcast",
        "broadcasts",
        "settings",
        "help",
        "cancel",
    ),
    Role.HEAD: (
        "menu",
        "tasks",
        "report",
        "review",
        "plans",
        "progress",
        "import",
        "people",
        "broadcast",
        "broadcasts",
        "settings",
        "help",
        "cancel",
    ),
    Role.TEACHER: ("menu", "tasks", "report", "plans", "settings", "help", "cancel"),
    Role.OBSERVER: ("menu", "plans", "progress", "tasks", "settings", "help", "cancel"),
}


class CommandRegistry:
    def __init__(self, i18n: I18n) -> None:
        self._i18n = i18n

    def commands(self, role: Role | None, locale: str) -> list[BotCommand]:
        _ = self._i18n.get(locale)
        return [BotCommand(command=name, description=_(f"cmd-{name}")) for name in ROLE_COMMANDS[role]]

    async def set_defaults(self, bot: Bot) -> None:
        scope = BotCommandScopeAllPrivateChats()
        await bot.set_my_commands(self.commands(None, self._i18n.default_locale), scope=scope)
        for locale in self._i18n.locales:
            await bot.set_my_commands(self.commands(None, locale), scope=scope, language_code=locale)

    async def set_for_chat(self, bot: Bot, chat_id: int, viewer: Viewer, locale: str) -> None:
        """Cosmetic: the "/" menu of one chat. A failure is logged and never fails the caller,
        whose change (a join, a role switch) was already confirmed to the user."""
        # Without language_code the chat scope applies to every client language; the
        # user's own language is what they read, so one call is enough.
        try:
            await bot.set_my_commands(
                self.commands(viewer.top_role, locale), scope=BotCommandScopeChat(chat_id=chat_id)
            )
        except SEND_FAILURES as exc:
            log.warning("could not set the command list of chat %s: %s", chat_id, classify(exc).code)
