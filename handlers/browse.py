"""/plans for everyone: plan → sections → items, paged and edited in place, with a search inside
a plan. The item card and its lists are in handlers/item_card.py."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.callback_data import (
    AssignAction,
    AssignButton,
    BrowseAction,
    BrowseButton,
    SettingsAction,
    SettingsButton,
)
from bot.i18n import Translator
from bot.text import section_label, short_date
from handlers.filters import LeaveStateOnOtherButton, Member, MenuButton
from handlers.screens import PAGE_SIZE, button, keyboard, paginate, say, show
from services.browse import BrowseService, ItemLine
from services.refs import PlanRef
from services.users import Viewer

router = Router(name=__name__)
router.message.filter(Member())
router.callback_query.filter(Member())


class PlanSearch(StatesGroup):
    waiting = State()  # data: plan


# Moving on from the search: a later message is not a query.
router.callback_query.middleware(
    LeaveStateOnOtherButton(PlanSearch.waiting, BrowseButton, {BrowseAction.SEARCH})
)


def br(text: str, action: BrowseAction, **values: Any) -> InlineKeyboardButton:
    return button(text, BrowseButton(action=action, **values))


def period(plan: PlanRef, _: Translator) -> str:
    start, end = plan.period_start, plan.period_end
    return f"{short_date(start)} – {short_date(end)}" if start and end else _("period-unknown")


@router.message(Command("plans"))
@router.message(MenuButton("btn-plans"))
async def list_plans(
    message: Message, viewer: Viewer, _: Translator, browse: BrowseService, state: FSMContext
) -> None:
    await state.clear()
    await _plans(message, viewer, _, browse, 0)


@router.callback_query(BrowseButton.filter(F.action == BrowseAction.PLANS))
async def plans_page(
    callback: CallbackQuery, callback_data: BrowseButton, viewer: Viewer, _: Translator, browse: BrowseService
) -> None:
    await _plans(callback, viewer, _, browse, callback_data.page)


async def _plans(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, browse: BrowseService, page: int
) -> None:
    plans = await browse.plans(viewer)
    if not plans:
        await show(event, _("plans-none-visible"), None)
        return
    shown = paginate(plans, page)
    numbered = list(enumerate(shown.items, start=shown.number * PAGE_SIZE + 1))
    lines = [_("plans-title")]
    lines += [
        _("plans-line", n=n, title=escape(p.title), period=period(p, _), items=items)
        for n, (p, items) in numbered
    ]
    rows = [
        [br(f"📄 {n}. {p.title[:50]}", BrowseAction.PLAN, plan_id=p.plan_id)] for n, (p, _count) in numbered
    ]
    if pager := shown.pager(lambda text, number: br(text, BrowseAction.PLANS, page=number)):
        rows.append(pager)
    await show(event, "\n".join(lines), keyboard(*rows))


@router.callback_query(BrowseButton.filter(F.action == BrowseAction.PLAN))
async def sections(
    callback: CallbackQuery, callback_data: BrowseButton, viewer: Viewer, _: Translator, browse: BrowseService
) -> None:
    plan_id = callback_data.plan_id
    access, found = await browse.sections(viewer, plan_id)
    shown = paginate(found, callback_data.page)
    rows = [
        [
            br(
                section_label(s.number, s.title, _)[:56] + f" ({s.items})",
                BrowseAction.SECTION,
                plan_id=plan_id,
                section_id=s.section_id,
            )
        ]
        for s in shown.items
    ]
    if pager := shown.pager(lambda text, number: br(text, BrowseAction.PLAN, plan_id=plan_id, page=number)):
        rows.append(pager)
    tools = [br(_("btn-search"), BrowseAction.SEARCH, plan_id=plan_id)]
    if access.manage:
        rows.append(
            [*tools, button(_("btn-assign"), AssignButton(action=AssignAction.SECTIONS, plan_id=plan_id))]
        )
        tools = [button(_("btn-plan-rules"), SettingsButton(action=SettingsAction.RULES, plan_id=plan_id))]
    rows += [tools, [br(_("btn-back"), BrowseAction.PLANS)]]
    plan = access.plan
    text = _("plan-sections", title=escape(plan.title), period=period(plan, _), sections=len(found))
    if access.manage:
        items = sum(s.items for s in found)
        text += "\n" + _("plan-assigned", items=items, assigned=await browse.assigned_items(plan_id))
    await show(callback, text, keyboard(*rows))


def item_buttons(items: list[ItemLine], plan_id: int, section_id: int) -> list[list[InlineKeyboardButton]]:
    return [
        [
            br(
                f"{item.number or '•'} {item.title[:48]}",
                BrowseAction.ITEM,
                plan_id=plan_id,
                section_id=section_id,
                item_id=item.item_id,
            )
        ]
        for item in items
    ]


@router.callback_query(BrowseButton.filter(F.action == BrowseAction.SECTION))
async def items(
    callback: CallbackQuery, callback_data: BrowseButton, viewer: Viewer, _: Translator, browse: BrowseService
) -> None:
    plan_id, section_id = callback_data.plan_id, callback_data.section_id
    section, found = await browse.items(viewer, plan_id, section_id)
    shown = paginate(found, callback_data.page)
    rows = item_buttons(list(shown.items), plan_id, section_id)
    if pager := shown.pager(
        lambda text, number: br(
            text, BrowseAction.SECTION, plan_id=plan_id, section_id=section_id, page=number
        )
    ):
        rows.append(pager)
    rows.append([br(_("btn-back"), BrowseAction.PLAN, plan_id=plan_id)])
    label = escape(section_label(section.number, section.title, _))
    await show(callback, _("section-items", section=label, items=len(found)), keyboard(*rows))


@router.callback_query(BrowseButton.filter(F.action == BrowseAction.SEARCH))
async def ask_query(
    callback: CallbackQuery,
    callback_data: BrowseButton,
    viewer: Viewer,
    _: Translator,
    browse: BrowseService,
    state: FSMContext,
) -> None:
    await browse.access(viewer, callback_data.plan_id)
    await state.set_state(PlanSearch.waiting)
    await state.set_data({"plan": callback_data.plan_id})
    await say(callback, _("search-ask"))


@router.message(PlanSearch.waiting, F.text)
async def search_plan(
    message: Message, viewer: Viewer, _: Translator, browse: BrowseService, state: FSMContext
) -> None:
    plan_id = int((await state.get_data()).get("plan", 0))
    found = await browse.search(viewer, plan_id, message.text or "")
    if not found:
        await message.answer(_("search-nothing"))  # still searching: another try or /cancel
        return
    await state.clear()
    rows = [
        *item_buttons(found[: PAGE_SIZE * 2], plan_id, 0),
        [br(_("btn-back"), BrowseAction.PLAN, plan_id=plan_id)],
    ]
    text = _("search-found", count=len(found), query=escape((message.text or "")[:60]))
    await message.answer(text, reply_markup=keyboard(*rows))


@router.message(PlanSearch.waiting)
async def search_not_text(message: Message, _: Translator) -> None:
    await message.answer(_("search-ask"))
