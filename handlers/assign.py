"""Plans and their assignees: a plan card, suggestions per section accepted in one tap,
and item-by-item adjustment with toggles. Every press is checked again by the service."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from handlers.callbacks import Br
from handlers.screens import paginate, show
from handlers.text import section_label, short_date
from services.assignment import PlanAssignments, SectionSuggestions
from services.clock import Clock
from services.users import Viewer

router = Router(name=__name__)


class DueDate(StatesGroup):
    waiting = State()  # data: plan, section, item


class As(CallbackData, prefix="as"):
    a: str
    p: int = 0  # plan
    s: int = 0  # section
    i: int = 0  # item
    o: int = 0  # organisation
    g: int = 0  # page


def _b(text: str, **data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=As(**data).pack())  # type: ignore[arg-type]


def _label(section: SectionSuggestions, _: Translator) -> str:
    return section_label(section.number, section.title, _)


@router.callback_query(As.filter())
async def on_assign(
    callback: CallbackQuery,
    callback_data: As,
    viewer: Viewer | None,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    state: FSMContext,
) -> None:
    if viewer is None:
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    service = PlanAssignments(session, clock)
    d = callback_data
    if d.a == "secs":
        await _sections(callback, viewer, _, service, d.p)
    elif d.a == "acc":
        count = await service.accept_section(viewer, d.p, d.s)
        await callback.answer(_("assign-accepted", count=count), show_alert=True)
        await _sections(callback, viewer, _, service, d.p)
    elif d.a == "items":
        await _items(callback, viewer, _, service, d.p, d.s, d.g)
    elif d.a == "item":
        await _item(callback, viewer, _, service, d.p, d.s, d.i, d.g)
    elif d.a == "date":
        item, _assigned, _suggested, _orgs = await service.item_view(viewer, d.p, d.i)
        await state.set_state(DueDate.waiting)
        await state.set_data({"plan": d.p, "section": d.s, "item": d.i})
        await callback.answer()
        if isinstance(callback.message, Message):
            await callback.message.answer(_("assign-ask-date", number=escape(item.number or "")))
    elif d.a == "tog":
        await service.toggle(viewer, d.p, d.i, d.o)
        await _item(callback, viewer, _, service, d.p, d.s, d.i, d.g)
    else:
        await callback.answer(_("error-not-found"))


async def _sections(
    callback: CallbackQuery, viewer: Viewer, _: Translator, service: PlanAssignments, plan_id: int
) -> None:
    plan, sections = await service.suggestions(viewer, plan_id)
    counts = await service.counts(plan_id)
    lines = [_("assign-title", title=escape(plan.title))]
    rows: list[list[InlineKeyboardButton]] = []
    for section in sections:
        label = _label(section, _)
        assigned = sum(1 for item, _orgs in section.items if counts.get(item.id))
        lines.append(
            "• "
            + _(
                "assign-section-line",
                section=escape(label),
                items=len(section.items),
                suggested=len(section.org_ids),
                assigned=assigned,
            )
        )
        short = section.number or label[:20]
        row = [_b(_("btn-edit-section", section=short), a="items", p=plan_id, s=section.section_id)]
        if section.org_ids:
            row.insert(
                0, _b(_("btn-accept-section", section=short), a="acc", p=plan_id, s=section.section_id)
            )
        rows.append(row)
    rows.append([InlineKeyboardButton(text=_("btn-back"), callback_data=Br(a="plan", p=plan_id).pack())])
    await show(callback, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


async def _items(
    callback: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    service: PlanAssignments,
    plan_id: int,
    section_id: int,
    page: int,
) -> None:
    _plan, sections = await service.suggestions(viewer, plan_id, section_id)
    section = sections[0] if sections else None
    if section is None:
        await callback.answer(_("error-not-found"), show_alert=True)
        return
    counts = await service.counts(plan_id)
    items = paginate(section.items, page)
    rows = [
        [
            _b(
                f"{item.number or '•'} {item.title[:40]} ({counts.get(item.id, 0)})",
                a="item",
                p=plan_id,
                s=section_id,
                i=item.id,
            )
        ]
        for item, _orgs in items.items
    ]
    if pager := items.pager(lambda text, number: _b(text, a="items", p=plan_id, s=section_id, g=number)):
        rows.append(pager)
    rows.append([_b(_("btn-back"), a="secs", p=plan_id)])
    await show(
        callback,
        _("assign-items-title", section=escape(_label(section, _))),
        InlineKeyboardMarkup(inline_keyboard=rows),
    )


async def _item(
    callback: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    service: PlanAssignments,
    plan_id: int,
    section_id: int,
    item_id: int,
    page: int,
) -> None:
    item, assigned, suggested, orgs = await service.item_view(viewer, plan_id, item_id)
    dates = await service.due_dates(item_id)
    names = {o.id: (o.short_name or o.name) for o in orgs}
    # Suggested first, then assigned, then the rest by name: the likely taps are on page one.
    ordered = sorted(orgs, key=lambda o: (o.id not in suggested, o.id not in assigned, names[o.id]))
    shown = paginate(ordered, page)
    rows = [
        [
            _b(
                ("✅ " if org.id in assigned else "➕ ") + names[org.id][:50],
                a="tog",
                p=plan_id,
                s=section_id,
                i=item_id,
                o=org.id,
                g=shown.number,
            )
        ]
        for org in shown.items
    ]
    if pager := shown.pager(
        lambda text, number: _b(text, a="item", p=plan_id, s=section_id, i=item_id, g=number)
    ):
        rows.append(pager)
    rows.append([_b(_("btn-set-date"), a="date", p=plan_id, s=section_id, i=item_id)])
    rows.append([_b(_("btn-back"), a="items", p=plan_id, s=section_id)])
    text = "\n".join(
        [
            _(
                "assign-item",
                number=escape(item.number or ""),
                title=escape(item.title),
                responsible=escape(item.responsible or "—"),
                dates=", ".join(short_date(d) for d in dates[:12]) + (" …" if len(dates) > 12 else "")
                if dates
                else _("assign-no-dates"),
                assigned=escape(", ".join(sorted(names[o] for o in assigned if o in names)))
                or _("assign-none"),
            ),
            "",
            _("assign-item-hint"),
        ]
    )
    await show(callback, text, InlineKeyboardMarkup(inline_keyboard=rows))


@router.message(DueDate.waiting, F.text)
async def got_due_date(
    message: Message, viewer: Viewer, _: Translator, state: FSMContext, session: AsyncSession, clock: Clock
) -> None:
    data = await state.get_data()
    item, due = await PlanAssignments(session, clock).add_due_date(
        viewer, int(data["plan"]), int(data["item"]), message.text or ""
    )
    await state.clear()
    await message.answer(_("assign-date-set", date=short_date(due), number=escape(item.number or "")))


@router.message(DueDate.waiting)
async def due_date_not_text(message: Message, _: Translator) -> None:
    await message.answer(_("assign-date-bad"))
