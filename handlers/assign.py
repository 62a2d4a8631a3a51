"""Plans and their assignees: suggestions per section accepted in one tap, and item-by-item
adjustment with toggles. Every press is checked again by the service."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.callback_data import AssignAction, AssignButton, BrowseAction, BrowseButton
from bot.i18n import Translator
from bot.text import section_label, short_date
from handlers.filters import Member
from handlers.screens import button, keyboard, paginate, say, show
from services.assignment import ItemAssignees, PlanAssignments, SectionSuggestions
from services.users import Viewer

router = Router(name=__name__)
router.callback_query.filter(Member())
DATES_SHOWN = 12


class DueDate(StatesGroup):
    waiting = State()  # data: plan, section, item


def ab(text: str, action: AssignAction, **values: Any) -> InlineKeyboardButton:
    return button(text, AssignButton(action=action, **values))


def _label(section: SectionSuggestions, _: Translator) -> str:
    return section_label(section.number, section.title, _)


@router.callback_query(AssignButton.filter(F.action == AssignAction.SECTIONS))
async def sections(
    callback: CallbackQuery,
    callback_data: AssignButton,
    viewer: Viewer,
    _: Translator,
    assignments: PlanAssignments,
) -> None:
    await _sections(callback, viewer, _, assignments, callback_data.plan_id)


@router.callback_query(AssignButton.filter(F.action == AssignAction.ACCEPT))
async def accept_section(
    callback: CallbackQuery,
    callback_data: AssignButton,
    viewer: Viewer,
    _: Translator,
    assignments: PlanAssignments,
) -> None:
    count = await assignments.accept_section(viewer, callback_data.plan_id, callback_data.section_id)
    await callback.answer(_("assign-accepted", count=count), show_alert=True)
    await _sections(callback, viewer, _, assignments, callback_data.plan_id)


async def _sections(
    callback: CallbackQuery, viewer: Viewer, _: Translator, assignments: PlanAssignments, plan_id: int
) -> None:
    plan, found = await assignments.suggestions(viewer, plan_id)
    counts = await assignments.counts(plan_id)
    lines = [_("assign-title", title=escape(plan.title))]
    rows: list[list[InlineKeyboardButton]] = []
    for section in found:
        label = _label(section, _)
        assigned = sum(1 for item, _orgs in section.items if counts.get(item.item_id))
        line = _(
            "assign-section-line",
            section=escape(label),
            items=len(section.items),
            suggested=len(section.org_ids),
            assigned=assigned,
        )
        lines.append("• " + line)
        short, at = section.number or label[:20], {"plan_id": plan_id, "section_id": section.section_id}
        row = [ab(_("btn-edit-section", section=short), AssignAction.ITEMS, **at)]
        if section.org_ids:
            row.insert(0, ab(_("btn-accept-section", section=short), AssignAction.ACCEPT, **at))
        rows.append(row)
    rows.append([button(_("btn-back"), BrowseButton(action=BrowseAction.PLAN, plan_id=plan_id))])
    await show(callback, "\n".join(lines), keyboard(*rows))


@router.callback_query(AssignButton.filter(F.action == AssignAction.ITEMS))
async def items(
    callback: CallbackQuery,
    callback_data: AssignButton,
    viewer: Viewer,
    _: Translator,
    assignments: PlanAssignments,
) -> None:
    plan_id, section_id = callback_data.plan_id, callback_data.section_id
    _plan, found = await assignments.suggestions(viewer, plan_id, section_id)
    if not found:
        await callback.answer(_("error-not-found"), show_alert=True)
        return
    section = found[0]
    counts = await assignments.counts(plan_id)
    shown = paginate(section.items, callback_data.page)
    rows = [
        [
            ab(
                f"{item.number or '•'} {item.title[:40]} ({counts.get(item.item_id, 0)})",
                AssignAction.ITEM,
                plan_id=plan_id,
                section_id=section_id,
                item_id=item.item_id,
            )
        ]
        for item, _orgs in shown.items
    ]
    if pager := shown.pager(
        lambda text, number: ab(text, AssignAction.ITEMS, plan_id=plan_id, section_id=section_id, page=number)
    ):
        rows.append(pager)
    rows.append([ab(_("btn-back"), AssignAction.SECTIONS, plan_id=plan_id)])
    await show(callback, _("assign-items-title", section=escape(_label(section, _))), keyboard(*rows))


@router.callback_query(AssignButton.filter(F.action == AssignAction.ITEM))
async def item(
    callback: CallbackQuery,
    callback_data: AssignButton,
    viewer: Viewer,
    _: Translator,
    assignments: PlanAssignments,
) -> None:
    await _item(callback, callback_data, viewer, _, assignments)


@router.callback_query(AssignButton.filter(F.action == AssignAction.TOGGLE))
async def toggle(
    callback: CallbackQuery,
    callback_data: AssignButton,
    viewer: Viewer,
    _: Translator,
    assignments: PlanAssignments,
) -> None:
    await assignments.toggle(viewer, callback_data.plan_id, callback_data.item_id, callback_data.org_id)
    await _item(callback, callback_data, viewer, _, assignments)


async def _item(
    callback: CallbackQuery, d: AssignButton, viewer: Viewer, _: Translator, assignments: PlanAssignments
) -> None:
    view = await assignments.item_view(viewer, d.plan_id, d.item_id)
    at = {"plan_id": d.plan_id, "section_id": d.section_id, "item_id": d.item_id}
    shown = paginate(view.ordered, d.page)
    rows = [
        [
            ab(
                ("✅ " if org.id in view.assigned else "➕ ") + org.label[:50],
                AssignAction.TOGGLE,
                org_id=org.id,
                page=shown.number,
                **at,
            )
        ]
        for org in shown.items
    ]
    if pager := shown.pager(lambda text, number: ab(text, AssignAction.ITEM, page=number, **at)):
        rows.append(pager)
    rows.append([ab(_("btn-set-date"), AssignAction.DUE_DATE, **at)])
    rows.append([ab(_("btn-back"), AssignAction.ITEMS, plan_id=d.plan_id, section_id=d.section_id)])
    await show(callback, render_item(view, await assignments.due_dates(d.item_id), _), keyboard(*rows))


def render_item(view: ItemAssignees, dates: list[date], _: Translator) -> str:
    shown_dates = ", ".join(short_date(d) for d in dates[:DATES_SHOWN]) + (
        " …" if len(dates) > DATES_SHOWN else ""
    )
    assigned = ", ".join(sorted(org.label for org in view.ordered if org.id in view.assigned))
    text = _(
        "assign-item",
        number=escape(view.number or ""),
        title=escape(view.title),
        responsible=escape(view.responsible or "—"),
        dates=shown_dates if dates else _("assign-no-dates"),
        assigned=escape(assigned) or _("assign-none"),
    )
    return f"{text}\n\n{_('assign-item-hint')}"


@router.callback_query(AssignButton.filter(F.action == AssignAction.DUE_DATE))
async def ask_due_date(
    callback: CallbackQuery,
    callback_data: AssignButton,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    assignments: PlanAssignments,
) -> None:
    d = callback_data
    view = await assignments.item_view(viewer, d.plan_id, d.item_id)
    await state.set_state(DueDate.waiting)
    await state.set_data({"plan": d.plan_id, "section": d.section_id, "item": d.item_id})
    await say(callback, _("assign-ask-date", number=escape(view.number or "")))


@router.message(DueDate.waiting, F.text, Member())
async def got_due_date(
    message: Message, viewer: Viewer, _: Translator, state: FSMContext, assignments: PlanAssignments
) -> None:
    data = await state.get_data()
    number, due = await assignments.add_due_date(
        viewer, int(data["plan"]), int(data["item"]), message.text or ""
    )
    await state.clear()
    await message.answer(_("assign-date-set", date=short_date(due), number=escape(number or "")))


@router.message(DueDate.waiting)
async def due_date_not_text(message: Message, _: Translator) -> None:
    await message.answer(_("assign-date-bad"))
