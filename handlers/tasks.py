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
from handlers.browse import STATUS_ICON, status_label
from handlers.callbacks import Br
from handlers.filters import Member, MenuButton
from handlers.report_view import Rp
from handlers.screens import PAGE_SIZE, paginate, show
from handlers.text import chunk_lines, days_phrase, short_date
from services.clock import Clock
from services.reports import OrgStatus
from services.tasks import Group, OrgTasks, TaskService, TeacherAssignments
from services.users import Viewer

router = Router(name=__name__)


GROUP_TITLES = {
    Group.OVERDUE: "tasks-group-overdue",
    Group.WEEK: "tasks-group-week",
    Group.LATER: "tasks-group-later",
    Group.DONE: "tasks-group-done",
}


def render_tasks(tasks: OrgTasks, _: Translator) -> list[str]:
    lines = [_("tasks-title", org=escape(tasks.org_name))]
    today = tasks.today
    for group, key in GROUP_TITLES.items():
        members = tasks.group(group)
        if not members:
            continue
        lines += ["", f"<b>{_(key, count=len(members))}</b>"]
        for line in members:
            if line.due is None:
                due = _("tasks-no-date")
            elif group is Group.DONE:
                due = status_label(line.status, _) if line.status else ""
            else:
                due = f"{short_date(line.due)}, {days_phrase(line.due, today, _)}"
                if line.status is OrgStatus.RETURNED:
                    due += f" · {status_label(line.status, _)}"
            mark = f"{_('tasks-mine')} " if line.mine else ""
            lines.append(
                mark + _("tasks-line", number=escape(line.number or ""), title=escape(line.title), due=due)
            )
    if not tasks.lines:
        lines.append(_("tasks-none"))
    if tasks.teachers:
        lines += ["", f"<b>{_('tasks-teachers')}</b>"]
        for teacher in tasks.teachers:
            counts = ", ".join(
                _(GROUP_TITLES[group], count=teacher.counts[group])
                for group in Group
                if teacher.counts.get(group)
            )
            lines.append(f"• {escape(teacher.name)}: {counts or '—'}")
    return lines


def task_buttons(tasks: OrgTasks, may_report: bool) -> list[list[InlineKeyboardButton]]:
    """Open tasks first. One tap on a task starts its report (for those who report); ℹ️ opens
    its card."""
    open_lines = [line for line in tasks.lines if line.group is not Group.DONE][:PAGE_SIZE]
    rows = []
    for line in open_lines:
        icon = STATUS_ICON[line.status] if line.status else "•"
        label = f"{icon} {line.number or ''} {line.title[:40]}"
        card = Br(a="item", i=line.item_id).pack()
        if may_report and line.due is not None:
            rows.append(
                [
                    InlineKeyboardButton(
                        text=f"📝 {label}", callback_data=Rp(a="new", i=line.item_id).pack()
                    ),
                    InlineKeyboardButton(text="ℹ️", callback_data=card),
                ]
            )
        else:
            rows.append([InlineKeyboardButton(text=label, callback_data=card)])
    return rows


@router.message(Command("tasks"), Member())
@router.message(MenuButton("btn-tasks"), Member())
async def tasks(
    message: Message,
    viewer: Viewer,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
) -> None:
    found = await TaskService(session, clock, default_timezone).for_viewer(viewer)
    if not found:
        await message.answer(_("tasks-none"))
        return
    for org_tasks in found:
        chunks = chunk_lines(render_tasks(org_tasks, _))
        for chunk in chunks[:-1]:
            await message.answer(chunk)
        rows = task_buttons(org_tasks, _may_report(viewer, org_tasks.org_id))
        if _may_give(viewer, org_tasks.org_id) and org_tasks.lines:
            rows.append([_tk(_("btn-give-teachers"), a="list", o=org_tasks.org_id)])
        await message.answer(
            chunks[-1], reply_markup=InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
        )


def _may_report(viewer: Viewer, org_id: int) -> bool:
    return any(m.org_id == org_id and m.role in (Role.HEAD, Role.TEACHER) for m in viewer.memberships)


def _may_give(viewer: Viewer, org_id: int) -> bool:
    return any(m.org_id == org_id and m.role == Role.HEAD for m in viewer.memberships)


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
        tasks = await TaskService(session, clock, default_timezone).of_org(viewer, d.o)
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
