"""/plans for everyone: plan → sections → items → item card, paged and edited in place, with a
search inside a plan and the list of who has not reported."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from db.models import Plan
from handlers.assign import As
from handlers.callbacks import Br, St
from handlers.filters import Member, MenuButton
from handlers.report_view import Rp, history_lines
from handlers.screens import PAGE_SIZE, page_of_total, paginate, show
from handlers.text import days_phrase, section_label, short_date
from services.browse import BrowseService, ItemCard, ItemLine
from services.clock import Clock
from services.reports import OrgStatus
from services.users import Viewer

router = Router(name=__name__)

STATUS_ICON = {
    OrgStatus.NOT_STARTED: "⏳",
    OrgStatus.REPORTED: "📤",
    OrgStatus.APPROVED: "✅",
    OrgStatus.RETURNED: "↩️",
    OrgStatus.OVERDUE: "🔴",
}


class PlanSearch(StatesGroup):
    waiting = State()  # data: plan


def _b(text: str, **data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=Br(**data).pack())  # type: ignore[arg-type]


def _service(session: AsyncSession, clock: Clock, default_timezone: str) -> BrowseService:
    return BrowseService(session, clock, default_timezone)


def status_label(status: OrgStatus, _: Translator) -> str:
    return f"{STATUS_ICON[status]} {_(f'status-{status.value}')}"


@router.message(Command("plans"), Member())
@router.message(MenuButton("btn-plans"), Member())
async def list_plans(
    message: Message,
    viewer: Viewer,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
) -> None:
    await state.clear()
    await _plans(message, viewer, _, _service(session, clock, default_timezone), 0)


async def _plans(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, service: BrowseService, page: int
) -> None:
    plans = await service.plans(viewer)
    if not plans:
        await show(event, _("plans-none-visible"), None)
        return
    shown = paginate(plans, page)
    lines = [_("plans-title")]
    for n, (plan, items) in enumerate(shown.items, start=shown.number * PAGE_SIZE + 1):
        lines.append(_("plans-line", n=n, title=escape(plan.title), period=_period(plan, _), items=items))
    rows = [
        [_b(f"📄 {n}. {plan.title[:50]}", a="plan", p=plan.id)]
        for n, (plan, _count) in enumerate(shown.items, start=shown.number * PAGE_SIZE + 1)
    ]
    if pager := shown.pager(lambda text, number: _b(text, a="plans", g=number)):
        rows.append(pager)
    await show(event, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


def _period(plan: Plan, _: Translator) -> str:
    start, end = plan.period_start, plan.period_end
    return f"{short_date(start)} – {short_date(end)}" if start and end else _("period-unknown")


@router.callback_query(Br.filter())
async def on_browse(
    callback: CallbackQuery,
    callback_data: Br,
    viewer: Viewer | None,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
) -> None:
    if viewer is None:
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    service = _service(session, clock, default_timezone)
    d = callback_data
    if d.a != "find" and await state.get_state() == PlanSearch.waiting.state:
        await state.clear()  # moved on from the search: a later message is not a query
    if d.a == "plans":
        await _plans(callback, viewer, _, service, d.g)
    elif d.a == "plan":
        await _sections(callback, viewer, _, service, d.p, d.g)
    elif d.a == "sec":
        await _items(callback, viewer, _, service, d.p, d.s, d.g)
    elif d.a == "item":
        await show_item(callback, viewer, _, service, d.i, d.s, d.o)
    elif d.a in ("miss", "orgs"):
        await _org_list(callback, viewer, _, service, d)
    elif d.a == "txt":
        await service.toggle_text_only(viewer, d.i)
        await show_item(callback, viewer, _, service, d.i, d.s, d.o)
    elif d.a == "find":
        await service.access(viewer, d.p)
        await state.set_state(PlanSearch.waiting)
        await state.set_data({"plan": d.p})
        await callback.answer()
        if isinstance(callback.message, Message):
            await callback.message.answer(_("search-ask"))
    else:
        await callback.answer(_("error-not-found"))


async def _sections(
    callback: CallbackQuery, viewer: Viewer, _: Translator, service: BrowseService, plan_id: int, page: int
) -> None:
    access, sections = await service.sections(viewer, plan_id)
    shown = paginate(sections, page)
    rows = [
        [_b(section_label(s.number, s.title, _)[:56] + f" ({s.items})", a="sec", p=plan_id, s=s.section_id)]
        for s in shown.items
    ]
    if pager := shown.pager(lambda text, number: _b(text, a="plan", p=plan_id, g=number)):
        rows.append(pager)
    tools = [_b(_("btn-search"), a="find", p=plan_id)]
    if access.manage:
        tools.append(InlineKeyboardButton(text=_("btn-assign"), callback_data=As(a="secs", p=plan_id).pack()))
        rows.append(tools)
        tools = [
            InlineKeyboardButton(text=_("btn-plan-rules"), callback_data=St(a="rules", p=plan_id).pack())
        ]
    rows.append(tools)
    rows.append([_b(_("btn-back"), a="plans")])
    plan = access.plan
    text = _("plan-sections", title=escape(plan.title), period=_period(plan, _), sections=len(sections))
    if access.manage:
        items = sum(s.items for s in sections)
        text += "\n" + _("plan-assigned", items=items, assigned=await service.assigned_items(plan_id))
    await show(callback, text, InlineKeyboardMarkup(inline_keyboard=rows))


def item_buttons(items: list[ItemLine], plan_id: int, section_id: int) -> list[list[InlineKeyboardButton]]:
    return [
        [_b(f"{item.number or '•'} {item.title[:48]}", a="item", p=plan_id, s=section_id, i=item.item_id)]
        for item in items
    ]


async def _items(
    callback: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    service: BrowseService,
    plan_id: int,
    section_id: int,
    page: int,
) -> None:
    section, items = await service.items(viewer, plan_id, section_id)
    shown = paginate(items, page)
    rows = item_buttons(list(shown.items), plan_id, section_id)
    if pager := shown.pager(lambda text, number: _b(text, a="sec", p=plan_id, s=section_id, g=number)):
        rows.append(pager)
    rows.append([_b(_("btn-back"), a="plan", p=plan_id)])
    text = _(
        "section-items", section=escape(section_label(section.number, section.title, _)), items=len(items)
    )
    await show(callback, text, InlineKeyboardMarkup(inline_keyboard=rows))


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
        for status in OrgStatus:
            if card.counts.get(status):
                lines.append(f"  {status_label(status, _)}: {card.counts[status]}")
    elif card.own_org is not None and card.own_status is not None:
        lines.append(
            _("item-own-status", org=escape(card.own_org.name), status=status_label(card.own_status, _))
        )
        if card.own_report is not None and card.own_report.review_comment:
            lines.append(_("item-review-comment", comment=escape(card.own_report.review_comment)))
    if card.history:
        lines += ["", _("item-history"), *history_lines(card.history, _, timezone)]
    return "\n".join(lines)


async def show_item(
    event: CallbackQuery | Message,
    viewer: Viewer,
    _: Translator,
    service: BrowseService,
    item_id: int,
    section_id: int,
    shown: int,
) -> None:
    card = await service.item_card(viewer, item_id, shown - 1 if shown else None)
    plan_id = card.plan.id
    section_id = section_id or card.item.section_id
    rows: list[list[InlineKeyboardButton]] = []
    if card.own_status in (OrgStatus.NOT_STARTED, OrgStatus.OVERDUE, OrgStatus.RETURNED):
        rows.append([InlineKeyboardButton(text=_("btn-report"), callback_data=Rp(a="new", i=item_id).pack())])
    if len(card.due_dates) > 1 and card.access.overview and card.shown is not None:
        count = len(card.due_dates)
        rows.append(
            [
                _b("‹", a="item", p=plan_id, s=section_id, i=item_id, o=(card.shown - 1) % count + 1),
                _b(
                    short_date(card.due_dates[card.shown]),
                    a="item",
                    p=plan_id,
                    s=section_id,
                    i=item_id,
                    o=card.shown + 1,
                ),
                _b("›", a="item", p=plan_id, s=section_id, i=item_id, o=(card.shown + 1) % count + 1),
            ]
        )
    if card.shown is not None:
        lists = [_b(_("btn-missing"), a="miss", p=plan_id, s=section_id, i=item_id, o=card.shown + 1)]
        if card.access.overview:
            lists.append(
                _b(_("btn-statuses"), a="orgs", p=plan_id, s=section_id, i=item_id, o=card.shown + 1)
            )
        rows.append(lists)
    if card.access.manage:
        rows.append(
            [
                InlineKeyboardButton(
                    text=_("btn-item-assignees"),
                    callback_data=As(a="item", p=plan_id, s=section_id, i=item_id).pack(),
                ),
                _b(
                    _("btn-text-only-off") if card.item.text_only else _("btn-text-only-on"),
                    a="txt",
                    p=plan_id,
                    s=section_id,
                    i=item_id,
                    o=shown,
                ),
            ]
        )
    rows.append([_b(_("btn-back"), a="sec", p=plan_id, s=section_id)])
    await show(event, render_item(card, _, service.timezone), InlineKeyboardMarkup(inline_keyboard=rows))


LIST_PAGE = PAGE_SIZE * 3  # names only, no buttons: a longer page still fits a phone screen


async def _org_list(
    callback: CallbackQuery, viewer: Viewer, _: Translator, service: BrowseService, d: Br
) -> None:
    """Who has not reported (a="miss"), or every assignee with its status (a="orgs")."""
    shown = d.o - 1 if d.o else None
    if d.a == "orgs":
        card, rows, total = await service.statuses(viewer, d.i, shown, d.g * LIST_PAGE, LIST_PAGE)
        names = [f"{STATUS_ICON[status]} {escape(name)}" for name, status in rows]
        title_key = "statuses-title"
    else:
        card, plain, total = await service.missing(viewer, d.i, shown, d.g * LIST_PAGE, LIST_PAGE)
        names = [f"• {escape(name)}" for name in plain]
        title_key = "missing-title"
    due = short_date(card.due) if card.due else "—"
    title = f"{escape(card.item.number or '')} {escape(card.item.title)}"
    lines = [_(title_key, item=title, date=due, count=total), *names]
    if not total:
        lines.append(_("missing-none"))
    rows_: list[list[InlineKeyboardButton]] = []
    frame = page_of_total(total, d.g, LIST_PAGE)
    if pager := frame.pager(lambda text, number: _b(text, a=d.a, p=d.p, s=d.s, i=d.i, o=d.o, g=number)):
        rows_.append(pager)
    rows_.append([_b(_("btn-back"), a="item", p=d.p, s=d.s, i=d.i, o=d.o)])
    await show(callback, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows_))


@router.message(PlanSearch.waiting, F.text)
async def search_plan(
    message: Message,
    viewer: Viewer,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
) -> None:
    plan_id = int((await state.get_data()).get("plan", 0))
    found = await _service(session, clock, default_timezone).search(viewer, plan_id, message.text or "")
    if not found:
        await message.answer(_("search-nothing"))  # still searching: another try or /cancel
        return
    await state.clear()
    rows = item_buttons(found[: PAGE_SIZE * 2], plan_id, 0)
    rows.append([_b(_("btn-back"), a="plan", p=plan_id)])
    text = _("search-found", count=len(found), query=escape((message.text or "")[:60]))
    await message.answer(text, reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.message(PlanSearch.waiting)
async def search_not_text(message: Message, _: Translator) -> None:
    await message.answer(_("search-ask"))
