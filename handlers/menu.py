"""The main menu: a persistent reply keyboard whose buttons depend on the user's role."""

from __future__ import annotations

from html import escape

from aiogram.types import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.i18n import Translator
from services.permissions import Role
from services.users import Viewer

# Rows of locale keys; a button appears here once its feature works.
MENU_LAYOUT: dict[Role, list[list[str]]] = {
    Role.ADMIN: [
        ["btn-plans", "btn-review"],
        ["btn-progress", "btn-import-plan"],
        ["btn-people", "btn-settings"],
        ["btn-help"],
    ],
    Role.HEAD: [
        ["btn-tasks", "btn-review"],
        ["btn-plans", "btn-progress"],
        ["btn-people", "btn-import-plan"],
        ["btn-settings", "btn-help"],
    ],
    Role.TEACHER: [["btn-tasks", "btn-report"], ["btn-plans", "btn-settings"], ["btn-help"]],
    Role.OBSERVER: [["btn-plans", "btn-progress"], ["btn-tasks", "btn-settings"], ["btn-help"]],
}

MENU_KEYS = frozenset(
    {key for rows in MENU_LAYOUT.values() for row in rows for key in row} | {"btn-switch", "btn-cancel"}
)

ROLE_HINT = {
    Role.ADMIN: "menu-admin-hint",
    Role.HEAD: "menu-head-hint",
    Role.TEACHER: "menu-teacher-hint",
    Role.OBSERVER: "menu-observer-hint",
}


def main_menu_keyboard(viewer: Viewer | None, _: Translator) -> ReplyKeyboardMarkup | ReplyKeyboardRemove:
    role = viewer.top_role if viewer else None
    if role is None:
        return ReplyKeyboardRemove()
    rows = [[KeyboardButton(text=_(key)) for key in row] for row in MENU_LAYOUT[role]]
    if len(viewer.memberships) > 1:  # someone who is, say, a head here and a teacher there
        rows.append([KeyboardButton(text=_("btn-switch"))])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def main_menu_text(viewer: Viewer | None, _: Translator) -> str:
    role = viewer.top_role if viewer else None
    if viewer is None or role is None:
        return _("start-stranger")
    membership = viewer.active
    assert membership is not None
    return "\n".join(
        (
            f"<b>{_('menu-title')}</b>",
            _("start-member", role=_(f"role-{role.value}"), org=escape(membership.org_name)),
            "",
            _(ROLE_HINT[role]),
        )
    )
