"""/tasks: the assigned items of the user's organisation, soonest due first; a head gives items
to the organisation's teachers from there."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.callback_data import (
    BrowseAction,
    BrowseButton,
    ReportAction,
    ReportButton,
    TeacherAction,
    TeacherButton,
)
from bot.i18n import Translator
from bot.text import chunk_lines, days_phrase, short_date
from handlers.filters import Member, MenuButton
from handlers.item_card import STATUS_ICON, status_label
from handlers.screens import PAGE_SIZE, button, keyboard, paginate, show
from services.permissions import Role
from services.report_draft import OrgStatus
from services.tasks import Group, OrgTasks, TaskLine, TaskService, TeacherAssignments
from services.users import Viewer

router = Router(name=__name__)
router.message.filter(Member())
router.callback_query.filter(Member())


GROUP_TITLES = {
    Group.OVERDUE: "tasks-group-overdue",
    Group.WEEK: "tasks-group-week",
    Group.LATER: "tasks-group-later",
    Group.DONE: "tasks-group-done",
}


def _due(line: TaskLine, today: date, _: Translator) -> str:
    if line.due is None:
        return _("tasks-no-date")
    if line.group is Group.DONE:
        return status_label(line.status, _) if line.status else ""
    due = f"{short_date(line.due)}, {days_phrase(line.due, today, _)}"
    if line.status is OrgStatus.RETURNED:
        due += f" · {status_label(line.status, _)}"
    return due


def render_tasks(tasks: OrgTasks, _: Translator) -> list[str]:
    lines = [_("tasks-title", org=escape(tasks.org_name))]
    for group, key in GROUP_TITLES.items():
        members = tasks.group(group)
        if not members:
            continue
        lines += ["", f"<b>{_(key, count=len(members))}</b>"]
        for line in members:
            mark = f"{_('tasks-mine')} " if line.mine else ""
            due = _due(line, tasks.today, _)
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
    rows = []
    for line in [line for line in tasks.lines if line.group is not Group.DONE][:PAGE_SIZE]:
        icon = STATUS_ICON[line.status] if line.status else "•"
        label = f"{icon} {line.number or ''} {line.title[:40]}"
        card = BrowseButton(action=BrowseAction.ITEM, item_id=line.item_id)
        if may_report and line.due is not None:
            report = ReportButton(action=ReportAction.NEW, item_id=line.item_id)
            rows.append([button(f"📝 {label}", report), button("ℹ️", card)])
        else:
            rows.append([button(label, card)])
    return rows


def _role_in(viewer: Viewer, org_id: int, *roles: Role) -> bool:
    return any(m.org_id == org_id and m.role in roles for m in viewer.memberships)


@router.message(Command("tasks"))
@router.message(MenuButton("btn-tasks"))
async def show_tasks(message: Message, viewer: Viewer, _: Translator, tasks: TaskService) -> None:
    found = await tasks.for_viewer(viewer)
    if not found:
        await message.answer(_("tasks-none"))
        return
    for org_tasks in found:
        chunks = chunk_lines(render_tasks(org_tasks, _))
        for chunk in chunks[:-1]:
            await message.answer(chunk)
        rows = task_buttons(org_tasks, _role_in(viewer, org_tasks.org_id, Role.HEAD, Role.TEACHER))
        if _role_in(viewer, org_tasks.org_id, Role.HEAD) and org_tasks.lines:
            rows.append([tk(_("btn-give-teachers"), TeacherAction.ITEMS, org_id=org_tasks.org_id)])
        await message.answer(chunks[-1], reply_markup=keyboard(*rows) if rows else None)


def tk(text: str, action: TeacherAction, **values: Any) -> InlineKeyboardButton:
    return button(text, TeacherButton(action=action, **values))


@router.callback_query(TeacherButton.filter(F.action == TeacherAction.ITEMS))
async def items_to_give(
    callback: CallbackQuery,
    callback_data: TeacherButton,
    viewer: Viewer,
    _: Translator,
    tasks: TaskService,
    teacher_assignments: TeacherAssignments,
) -> None:
    org_id = callback_data.org_id
    await teacher_assignments.check(viewer, org_id)
    lines = paginate((await tasks.of_org(viewer, org_id)).lines, callback_data.page)
    rows = [
        [
            tk(
                f"{line.number or '•'} {line.title[:45]}",
                TeacherAction.ITEM,
                org_id=org_id,
                item_id=line.item_id,
            )
        ]
        for line in lines.items
    ]
    if pager := lines.pager(lambda text, number: tk(text, TeacherAction.ITEMS, org_id=org_id, page=number)):
        rows.append(pager)
    await show(callback, _("teachers-choose-item"), keyboard(*rows))


@router.callback_query(TeacherButton.filter(F.action == TeacherAction.ITEM))
async def teachers_of_item(
    callback: CallbackQuery,
    callback_data: TeacherButton,
    viewer: Viewer,
    _: Translator,
    teacher_assignments: TeacherAssignments,
) -> None:
    await _teachers(callback, callback_data, viewer, _, teacher_assignments)


@router.callback_query(TeacherButton.filter(F.action == TeacherAction.TOGGLE))
async def toggle_teacher(
    callback: CallbackQuery,
    callback_data: TeacherButton,
    viewer: Viewer,
    _: Translator,
    teacher_assignments: TeacherAssignments,
) -> None:
    d = callback_data
    await teacher_assignments.toggle(viewer, d.org_id, d.item_id, d.teacher_id)
    await _teachers(callback, d, viewer, _, teacher_assignments)


async def _teachers(
    callback: CallbackQuery,
    d: TeacherButton,
    viewer: Viewer,
    _: Translator,
    teacher_assignments: TeacherAssignments,
) -> None:
    choice = await teacher_assignments.teachers(viewer, d.org_id, d.item_id)
    rows = [
        [
            tk(
                ("✅ " if chosen else "➕ ") + name[:50],
                TeacherAction.TOGGLE,
                org_id=d.org_id,
                item_id=d.item_id,
                teacher_id=user_id,
            )
        ]
        for user_id, name, chosen in choice.teachers
    ]
    rows.append([tk(_("btn-back"), TeacherAction.ITEMS, org_id=d.org_id)])
    text = _("teachers-choose", number=escape(choice.item_number or ""), title=escape(choice.item_title))
    if not choice.teachers:
        text += "\n" + _("teachers-none")
    await show(callback, text, keyboard(*rows))
