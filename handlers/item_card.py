"""An item's card (its deadline, due dates, who it is given to and how they stand), and its two
lists: who has not reported, and every assignee with a status."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callback_data import (
    AssignAction,
    AssignButton,
    BrowseAction,
    BrowseButton,
    ReportAction,
    ReportButton,
)
from bot.i18n import Translator
from bot.text import days_phrase, short_date
from handlers.browse import PlanSearch, br
from handlers.filters import LeaveStateOnOtherButton, Member
from handlers.report_view import history_lines
from handlers.screens import PAGE_SIZE, button, keyboard, page_of_total, show
from services.browse import BrowseService, ItemCard
from services.nudges import NudgeService, may_remind
from services.report_draft import OrgStatus
from services.users import Viewer

router = Router(name=__name__)
router.callback_query.filter(Member())
router.callback_query.middleware(
    LeaveStateOnOtherButton(PlanSearch.waiting, BrowseButton, {BrowseAction.SEARCH})
)
LIST_PAGE = PAGE_SIZE * 3  # names only, no buttons: a longer page still fits a phone screen
OPEN = (OrgStatus.NOT_STARTED, OrgStatus.OVERDUE, OrgStatus.RETURNED)  # statuses that may report

STATUS_ICON = {
    OrgStatus.NOT_STARTED: "⏳",
    OrgStatus.REPORTED: "📤",
    OrgStatus.APPROVED: "✅",
    OrgStatus.RETURNED: "↩️",
    OrgStatus.OVERDUE: "🔴",
}


def status_label(status: OrgStatus, _: Translator) -> str:
    return f"{STATUS_ICON[status]} {_(f'status-{status.value}')}"


def render_item(card: ItemCard, _: Translator, timezone: str) -> str:
    item = card.item
    lines = [f"<b>{escape(item.number or '')} {escape(item.title)}</b>", ""]
    deadline = escape(item.deadline_text or "—")
    if card.due is not None:
        lines.append(
            _(
                "item-deadline",
                text=deadline,
                date=short_date(card.due),
                left=days_phrase(card.due, card.today, _),
            )
        )
        if len(card.due_dates) > 1:
            lines.append(_("item-due-dates", shown=(card.shown or 0) + 1, count=len(card.due_dates)))
    else:
        lines.append(_("item-deadline-none", text=deadline))
    lines.append(_("item-responsible", text=escape(item.responsible or "—")))
    if item.text_only:
        lines.append(_("item-text-only"))
    if card.access.overview:
        lines.append(_("item-assigned", count=card.assigned))
        lines += [f"  {status_label(s, _)}: {card.counts[s]}" for s in OrgStatus if card.counts.get(s)]
    elif card.own_org_name is not None and card.own_status is not None:
        lines.append(
            _("item-own-status", org=escape(card.own_org_name), status=status_label(card.own_status, _))
        )
        if card.own_comment:
            lines.append(_("item-review-comment", comment=escape(card.own_comment)))
    if card.history:
        lines += ["", _("item-history"), *history_lines(card.history, _, timezone)]
    return "\n".join(lines)


def item_keyboard(card: ItemCard, section_id: int, shown: int, _: Translator) -> InlineKeyboardMarkup:
    item_id, plan_id = card.item.item_id, card.plan.plan_id

    def at(text: str, action: BrowseAction, due_index: int) -> InlineKeyboardButton:
        return br(text, action, plan_id=plan_id, section_id=section_id, item_id=item_id, due_index=due_index)

    rows: list[list[InlineKeyboardButton]] = []
    if card.own_status in OPEN:
        rows.append([button(_("btn-report"), ReportButton(action=ReportAction.NEW, item_id=item_id))])
    if card.shown is not None:
        if len(card.due_dates) > 1 and card.access.overview:
            count, now = len(card.due_dates), card.shown
            rows.append(
                [
                    at("‹", BrowseAction.ITEM, (now - 1) % count + 1),
                    at(short_date(card.due_dates[now]), BrowseAction.ITEM, now + 1),
                    at("›", BrowseAction.ITEM, (now + 1) % count + 1),
                ]
            )
        lists = [at(_("btn-missing"), BrowseAction.MISSING, card.shown + 1)]
        if card.access.overview:
            lists.append(at(_("btn-statuses"), BrowseAction.STATUSES, card.shown + 1))
        rows.append(lists)
    if card.access.manage:
        assignees = AssignButton(
            action=AssignAction.ITEM, plan_id=plan_id, section_id=section_id, item_id=item_id
        )
        text_only = _("btn-text-only-off") if card.item.text_only else _("btn-text-only-on")
        rows.append(
            [button(_("btn-item-assignees"), assignees), at(text_only, BrowseAction.TEXT_ONLY, shown)]
        )
    rows.append([br(_("btn-back"), BrowseAction.SECTION, plan_id=plan_id, section_id=section_id)])
    return keyboard(*rows)


async def show_item(
    event: CallbackQuery | Message,
    viewer: Viewer,
    _: Translator,
    browse: BrowseService,
    pressed: BrowseButton,
) -> None:
    shown = pressed.due_index
    card = await browse.item_card(viewer, pressed.item_id, shown - 1 if shown else None)
    section_id = pressed.section_id or card.item.section_id
    await show(event, render_item(card, _, browse.timezone), item_keyboard(card, section_id, shown, _))


@router.callback_query(BrowseButton.filter(F.action == BrowseAction.ITEM))
async def item(
    callback: CallbackQuery, callback_data: BrowseButton, viewer: Viewer, _: Translator, browse: BrowseService
) -> None:
    await show_item(callback, viewer, _, browse, callback_data)


@router.callback_query(BrowseButton.filter(F.action == BrowseAction.TEXT_ONLY))
async def toggle_text_only(
    callback: CallbackQuery, callback_data: BrowseButton, viewer: Viewer, _: Translator, browse: BrowseService
) -> None:
    await browse.toggle_text_only(viewer, callback_data.item_id)
    await show_item(callback, viewer, _, browse, callback_data)


@router.callback_query(BrowseButton.filter(F.action == BrowseAction.STATUSES))
async def statuses(
    callback: CallbackQuery, callback_data: BrowseButton, viewer: Viewer, _: Translator, browse: BrowseService
) -> None:
    d = callback_data
    card, rows, total = await browse.statuses(
        viewer, d.item_id, d.due_index - 1 if d.due_index else None, d.page * LIST_PAGE, LIST_PAGE
    )
    names = [f"{STATUS_ICON[status]} {escape(name)}" for name, status in rows]
    await _org_list(callback, d, card, "statuses-title", names, total, _)


@router.callback_query(BrowseButton.filter(F.action == BrowseAction.MISSING))
async def missing(
    callback: CallbackQuery, callback_data: BrowseButton, viewer: Viewer, _: Translator, browse: BrowseService
) -> None:
    d = callback_data
    card, plain, total = await browse.missing(
        viewer, d.item_id, d.due_index - 1 if d.due_index else None, d.page * LIST_PAGE, LIST_PAGE
    )
    extra = []
    if total and card.shown is not None and may_remind(viewer):
        extra.append([button(_("btn-nudge"), d.model_copy(update={"action": BrowseAction.NUDGE}))])
    names = [f"• {escape(name)}" for name in plain]
    await _org_list(callback, d, card, "missing-title", names, total, _, extra)


@router.callback_query(BrowseButton.filter(F.action == BrowseAction.NUDGE))
async def nudge(
    callback: CallbackQuery,
    callback_data: BrowseButton,
    viewer: Viewer,
    _: Translator,
    browse: BrowseService,
    nudges: NudgeService,
    wake_digests: Callable[[], None],
) -> None:
    """One reminder today to everyone on the list; a second press is told it was sent already."""
    d = callback_data
    card = await browse.item_card(viewer, d.item_id, d.due_index - 1 if d.due_index else None)
    if card.due is None:
        await callback.answer(_("nudge-nobody"), show_alert=True)
        return
    result = await nudges.remind(viewer, d.item_id, card.due)
    if result.people:
        wake_digests()
        text = _("nudge-sent", people=result.people, orgs=result.orgs)
        if result.already:
            text += "\n" + _("nudge-partly-before", people=result.already)
    elif result.already:
        text = _("nudge-already", people=result.already)
    else:
        text = _("nudge-nobody")
    await callback.answer(text, show_alert=True)


async def _org_list(
    callback: CallbackQuery,
    d: BrowseButton,
    card: ItemCard,
    title_key: str,
    names: list[str],
    total: int,
    _: Translator,
    extra: list[list[InlineKeyboardButton]] | None = None,
) -> None:
    title = f"{escape(card.item.number or '')} {escape(card.item.title)}"
    lines = [_(title_key, item=title, date=short_date(card.due) if card.due else "—", count=total), *names]
    if not total:
        lines.append(_("missing-none"))
    rows: list[list[InlineKeyboardButton]] = list(extra or [])
    if pager := page_of_total(total, d.page, LIST_PAGE).pager(
        lambda text, number: button(text, d.model_copy(update={"page": number}))
    ):
        rows.append(pager)
    rows.append([button(_("btn-back"), d.model_copy(update={"action": BrowseAction.ITEM, "page": 0}))])
    await show(callback, "\n".join(lines), keyboard(*rows))
