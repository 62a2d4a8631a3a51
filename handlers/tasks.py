"""/tasks: the assigned items of the user's organisation, soonest due first."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from db.models import Item, Role
from handlers.filters import MenuButton
from handlers.screens import paginate, show
from handlers.text import chunk_lines, short_date
from services.clock import Clock
from services.tasks import OrgTasks, TaskService, TeacherAssignments
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
        mark = f"{_('tasks-mine')} " if line.mine else ""
        lines.append(
            mark + _("tasks-line", number=escape(line.number or ""), title=escape(line.title), due=due)
        )
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
        chunks = chunk_lines(render_tasks(org_tasks, _))
        for chunk in chunks[:-1]:
            await message.answer(chunk)
        may_give = any(m.org_id == org_tasks.org_id and m.role == Role.HEAD for m in viewer.memberships)
        markup = None
        if may_give and org_tasks.lines:
            markup = InlineKeyboardMarkup(
                inline_keyboard=[[_tk(_("btn-give-teachers"), a="list", o=org_tasks.org_id)]]
            )
        await message.answer(chunks[-1], reply_markup=markup)


class Tk(CallbackData, prefix="tk"):
    a: str
    o: int = 0  # organisation
    i: int = 0  # item
    u: int = 0  # teacher (user id)
    g: int = 0  # page


def _tk(text: str, **data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=Tk(**data).pack())  # type: ignore[arg-type]


@router.callback_query(Tk.filter())
async def give_to_teachers(
    callback: CallbackQuery,
    callback_data: Tk,
    viewer: Viewer | None,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
) -> None:
    if viewer is None:
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    d = callback_data
    teachers = TeacherAssignments(session, clock)
    if d.a == "tog":
        await teachers.toggle(viewer, d.o, d.i, d.u)
    if d.a == "list":
        await teachers.check(viewer, d.o)
        tasks = next(
            (
                t
                for t in await TaskService(session, clock, default_timezone).for_viewer(viewer)
                if t.org_id == d.o
            ),
            None,
        )
        if tasks is None:
            await callback.answer(_("error-access-denied"), show_alert=True)
            return
        lines = paginate(tasks.lines, d.g)
        rows = [
            [_tk(f"{line.number or '•'} {line.title[:45]}", a="item", o=d.o, i=line.item_id)]
            for line in lines.items
        ]
        if pager := lines.pager(lambda text, number: _tk(text, a="list", o=d.o, g=number)):
            rows.append(pager)
        await show(callback, _("teachers-choose-item"), InlineKeyboardMarkup(inline_keyboard=rows))
        return
    people = await teachers.teachers(viewer, d.o, d.i)
    item = await session.get(Item, d.i)
    if item is None:
        await callback.answer(_("error-not-found"), show_alert=True)
        return
    rows = [
        [_tk(("✅ " if chosen else "➕ ") + name[:50], a="tog", o=d.o, i=d.i, u=user_id)]
        for user_id, name, chosen in people
    ]
    rows.append([_tk(_("btn-back"), a="list", o=d.o)])
    text = _("teachers-choose", number=escape(item.number or ""), title=escape(item.title))
    if not people:
        text += "\n" + _("teachers-none")
    await show(callback, text, InlineKeyboardMarkup(inline_keyboard=rows))
