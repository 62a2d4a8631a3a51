"""/tasks: the assigned items of the user's organisation, soonest due first."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from handlers.filters import MenuButton
from handlers.text import chunk_lines, short_date
from services.clock import Clock
from services.tasks import OrgTasks, TaskService
from services.users import Viewer

router = Router(name=__name__)


def render_tasks(tasks: OrgTasks, _: Translator) -> list[str]:
    lines = [_("tasks-title", org=escape(tasks.org_name))]
    for line in tasks.lines:
        if line.last_due is not None:
            due = _("tasks-late", date=short_date(line.last_due))
        elif line.next_due is None:
            due = _("tasks-no-date")
        elif line.days_left == 0:
            due = _("tasks-due-today")
        else:
            due = _("tasks-due", date=short_date(line.next_due), days=line.days_left)
        lines.append(_("tasks-line", number=escape(line.number or ""), title=escape(line.title), due=due))
    if not tasks.lines:
        lines.append(_("tasks-none"))
    return lines


@router.message(Command("tasks"))
@router.message(MenuButton("btn-tasks"))
async def tasks(
    message: Message,
    viewer: Viewer | None,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
) -> None:
    if viewer is None or viewer.top_role is None:
        await message.answer(_("fallback-stranger"))
        return
    found = await TaskService(session, clock, default_timezone).for_viewer(viewer)
    if not found:
        await message.answer(_("tasks-none"))
        return
    for org_tasks in found:
        for chunk in chunk_lines(render_tasks(org_tasks, _)):
            await message.answer(chunk)
