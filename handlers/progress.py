"""/progress for admins, observers and heads: a plan → its bar and counts → by section, by
district, by organisation (worst first), paged; one message edited in place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    Message,
)

from bot.callback_data import BrowseAction, BrowseButton, ProgressAction, ProgressButton
from bot.i18n import Translator
from handlers.filters import WATCHES_PROGRESS, Member, MenuButton
from handlers.progress_view import render_line, render_plan
from handlers.screens import PAGE_SIZE, button, keyboard, paginate, show
from services.progress import PlanProgress, ProgressService, Tally
from services.users import Viewer

router = Router(name=__name__)
router.message.filter(Member())
router.callback_query.filter(Member())
WATCHERS = WATCHES_PROGRESS


def pg(text: str, action: ProgressAction, **values: Any) -> InlineKeyboardButton:
    return button(text, ProgressButton(action=action, **values))


@router.message(Command("progress"), WATCHERS)
@router.message(MenuButton("btn-progress"), WATCHERS)
async def progress_command(
    message: Message, viewer: Viewer, _: Translator, progress: ProgressService
) -> None:
    await _plans(message, viewer, _, progress, 0)


@router.message(Command("progress"))
@router.message(MenuButton("btn-progress"))
async def not_a_watcher(message: Message, _: Translator) -> None:
    await message.answer(_("error-access-denied"))


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.PLANS), WATCHERS)
async def plans_page(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    viewer: Viewer,
    _: Translator,
    progress: ProgressService,
) -> None:
    await _plans(callback, viewer, _, progress, callback_data.page)


async def _plans(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, progress: ProgressService, page: int
) -> None:
    plans = await progress.plans(viewer)
    if not plans:
        await show(event, _("progress-no-plans"), None)
        return
    shown = paginate(plans, page)
    rows = [[pg(f"📊 {plan.title[:56]}", ProgressAction.PLAN, plan_id=plan.plan_id)] for plan in shown.items]
    if pager := shown.pager(lambda text, number: pg(text, ProgressAction.PLANS, page=number)):
        rows.append(pager)
    await show(event, f"{_('progress-title')}\n{_('progress-choose-plan')}", keyboard(*rows))


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.PLAN), WATCHERS)
async def plan_summary(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    viewer: Viewer,
    _: Translator,
    progress: ProgressService,
) -> None:
    found = await progress.plan(viewer, callback_data.plan_id)
    plan_id = callback_data.plan_id
    views = [pg(_("btn-progress-sections"), ProgressAction.SECTIONS, plan_id=plan_id)]
    if found.districts:
        views.append(pg(_("btn-progress-districts"), ProgressAction.DISTRICTS, plan_id=plan_id))
    views.append(pg(_("btn-progress-orgs"), ProgressAction.ORGS, plan_id=plan_id))
    rows = [
        views,
        [pg(_("btn-progress-charts"), ProgressAction.CHARTS, plan_id=plan_id)],
        [
            pg(_("btn-progress-docx"), ProgressAction.DOCX, plan_id=plan_id),
            pg(_("btn-progress-export"), ProgressAction.EXPORT, plan_id=plan_id),
        ],
        [
            pg(_("btn-progress-zip"), ProgressAction.ZIP, plan_id=plan_id),
            pg(_("btn-progress-audit"), ProgressAction.AUDIT, plan_id=plan_id),
        ],
        [pg(_("btn-back"), ProgressAction.PLANS)],
    ]
    await show(callback, render_plan(found, _), keyboard(*rows))


@dataclass(frozen=True)
class TallyList:
    """What a list shows: its heading, its lines, and where a line's button leads (if anywhere)."""

    heading: str
    tallies: Callable[[PlanProgress], list[Tally]]
    drill: Callable[[int, int], CallbackData] | None = None  # (plan id, the line's key)


LISTS: dict[ProgressAction, TallyList] = {
    # A section opens its items in /plans, and an item its card: who has not reported.
    ProgressAction.SECTIONS: TallyList(
        "progress-by-sections",
        lambda p: p.sections,
        lambda plan_id, key: BrowseButton(action=BrowseAction.SECTION, plan_id=plan_id, section_id=key),
    ),
    ProgressAction.DISTRICTS: TallyList("progress-by-districts", lambda p: p.districts),
    ProgressAction.ORGS: TallyList("progress-by-orgs", lambda p: p.orgs),
}


@router.callback_query(ProgressButton.filter(F.action.in_(set(LISTS))), WATCHERS)
async def tally_list(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    viewer: Viewer,
    _: Translator,
    progress: ProgressService,
) -> None:
    found = await progress.plan(viewer, callback_data.plan_id)
    shown_list = LISTS[callback_data.action]
    shown = paginate(shown_list.tallies(found), callback_data.page)
    first = shown.number * PAGE_SIZE + 1
    lines = [_(shown_list.heading, title=escape(found.plan.title)), ""]
    lines += [render_line(n, tally, _) for n, tally in enumerate(shown.items, start=first)]
    plan_id = callback_data.plan_id
    drill = shown_list.drill
    rows = [
        [button(f"{n}. {tally.name[:48]}", drill(plan_id, tally.key))]
        for n, tally in enumerate(shown.items, start=first)
        if drill is not None and tally.key is not None
    ]
    if pager := shown.pager(
        lambda text, number: pg(text, callback_data.action, plan_id=plan_id, page=number)
    ):
        rows.append(pager)
    rows.append([pg(_("btn-back"), ProgressAction.PLAN, plan_id=plan_id)])
    await show(callback, "\n".join(lines), keyboard(*rows))


@router.callback_query(ProgressButton.filter())
async def not_a_watcher_press(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("error-access-denied"), show_alert=True)
