"""/broadcast: any message (text, photo, document, album, a forwarded post) → the audience →
a preview with the recipient count → send now or at a local time. /broadcasts: past ones and
their delivery lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from db.models import Broadcast, Role
from handlers.albums import AlbumCollector
from handlers.callbacks import Bc
from handlers.filters import Member, MenuButton
from handlers.screens import PAGE_SIZE, page_of_total, paginate, show
from handlers.text import short_date
from services.broadcasts import BroadcastService, parse_send_time
from services.clock import Clock
from services.users import Viewer

router = Router(name=__name__)
ROLES = (Role.TEACHER, Role.HEAD, Role.ADMIN, Role.OBSERVER)


class BroadcastFlow(StatesGroup):
    message = State()  # waiting for what to send
    audience = State()  # data: ids, chat, orgs (chosen), audience
    schedule = State()  # waiting for a local time


def _b(text: str, **data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=Bc(**data).pack())  # type: ignore[arg-type]


def _service(session: AsyncSession, clock: Clock, default_timezone: str) -> BroadcastService:
    return BroadcastService(session, clock, default_timezone)


@router.message(Command("broadcast"), Member())
@router.message(MenuButton("btn-broadcast"), Member())
async def start(
    message: Message,
    viewer: Viewer,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
) -> None:
    scope = await _service(session, clock, default_timezone).scope(viewer)
    await state.set_state(BroadcastFlow.message)
    await state.set_data({})
    await message.answer(_("broadcast-ask-message", org=escape(scope.name)))


@router.message(BroadcastFlow.message)
@router.message(BroadcastFlow.audience, F.media_group_id)
async def got_message(
    message: Message,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
    albums: AlbumCollector,
) -> None:
    data = await state.get_data()
    if message.media_group_id and data.get("group") == message.media_group_id:
        ids = [*data.get("ids", []), message.message_id]
    else:
        ids = [message.message_id]
    await state.update_data(ids=ids, chat=message.chat.id, group=message.media_group_id)
    admin = await _is_admin(viewer, session, clock, default_timezone)

    async def ask_audience(_parts: list[int]) -> None:
        await bot.send_message(
            message.chat.id, _("broadcast-choose-audience"), reply_markup=_audiences(admin, _)
        )

    await state.set_state(BroadcastFlow.audience)
    if message.media_group_id:  # one question for the whole album, once its parts stop coming
        albums.add((message.chat.id, message.media_group_id), message.message_id, ask_audience)
        return
    await ask_audience([message.message_id])


@router.message(BroadcastFlow.audience)
async def audience_expected(message: Message, _: Translator) -> None:
    await message.answer(_("broadcast-use-buttons"))


async def _is_admin(viewer: Viewer, session: AsyncSession, clock: Clock, default_timezone: str) -> bool:
    service = _service(session, clock, default_timezone)
    return service.is_admin_of(viewer, (await service.scope(viewer)).id)


def _audiences(admin: bool, _: Translator) -> InlineKeyboardMarkup:
    rows = [[_b(_("audience-all"), a="pick", v="all")], [_b(_("audience-role"), a="role")]]
    if admin:
        rows += [
            [_b(_("audience-kind"), a="kind"), _b(_("audience-district"), a="dist")],
            [_b(_("audience-orgs"), a="orgs")],
            [_b(_("audience-overdue"), a="plan", v="ovd")],
            [_b(_("audience-not-reported"), a="plan", v="item")],
        ]
    rows.append([_b(_("btn-cancel"), a="drop")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.callback_query(Bc.filter())
async def on_broadcast(
    callback: CallbackQuery,
    callback_data: Bc,
    bot: Bot,
    viewer: Viewer | None,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
    wake_broadcasts: Callable[[], None],
) -> None:
    if viewer is None:
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    service = _service(session, clock, default_timezone)
    d = callback_data
    if d.a in ("stop", "list", "show", "csv"):
        await _past(callback, d, viewer, _, service, bot)
        return
    data = await state.get_data()
    if d.a == "drop":
        await state.clear()
        await show(callback, _("broadcast-dropped"), None)
        return
    if await state.get_state() != BroadcastFlow.audience.state or not data.get("ids"):
        await callback.answer(_("report-step-over"), show_alert=True)
        return
    back = [_b(_("btn-back"), a="aud")]
    if d.a == "aud":
        await show(
            callback,
            _("broadcast-choose-audience"),
            _audiences(await _is_admin(viewer, session, clock, default_timezone), _),
        )
    elif d.a == "role":
        rows = [[_b(_(f"role-{role.value}").capitalize(), a="pick", v=f"role-{role.name}")] for role in ROLES]
        await show(callback, _("audience-role"), InlineKeyboardMarkup(inline_keyboard=[*rows, back]))
    elif d.a == "kind":
        rows = [
            [_b(names.get(_.locale) or names.get("ru") or code, a="pick", v=f"kind-{code}")]
            for code, names in await service.org_kinds(viewer)
        ]
        await show(callback, _("audience-kind"), InlineKeyboardMarkup(inline_keyboard=[*rows, back]))
    elif d.a == "dist":
        shown = paginate(await service.districts(viewer), d.g)
        rows = [[_b(org.name[:50], a="pick", v=f"dist-{org.id}")] for org in shown.items]
        if pager := shown.pager(lambda text, number: _b(text, a="dist", g=number)):
            rows.append(pager)
        await show(callback, _("audience-district"), InlineKeyboardMarkup(inline_keyboard=[*rows, back]))
    elif d.a in ("orgs", "tog"):
        chosen = set(data.get("orgs", []))
        if d.a == "tog":
            chosen ^= {int(d.v)}
            await state.update_data(orgs=sorted(chosen))
        shown = paginate(await service.orgs_in_scope(viewer), d.g)
        rows = [
            [
                _b(
                    ("✅ " if org.id in chosen else "➕ ") + org.name[:48],
                    a="tog",
                    v=str(org.id),
                    g=shown.number,
                )
            ]
            for org in shown.items
        ]
        if pager := shown.pager(lambda text, number: _b(text, a="orgs", g=number)):
            rows.append(pager)
        if chosen:
            rows.append([_b(_("btn-audience-done", count=len(chosen)), a="pick", v="orgs")])
        await show(callback, _("audience-orgs"), InlineKeyboardMarkup(inline_keyboard=[*rows, back]))
    elif d.a == "plan":
        plans = paginate(await service.plans_in_scope(viewer), d.g)
        rows = [[_b(plan.title[:50], a=d.v, v=str(plan.id))] for plan in plans.items]
        await show(callback, _("audience-choose-plan"), InlineKeyboardMarkup(inline_keyboard=[*rows, back]))
    elif d.a == "ovd":
        await _preview(callback, viewer, _, service, state, {"kind": "overdue", "plan": int(d.v)})
    elif d.a == "item":
        plan_id, _sep, page = d.v.partition("-")
        items = paginate(await service.items_of(viewer, int(plan_id)), int(page or 0))
        rows = [[_b(f"{i.number or '•'} {i.title[:44]}", a="pick", v=f"item-{i.id}")] for i in items.items]
        if pager := items.pager(lambda text, number: _b(text, a="item", v=f"{plan_id}-{number}")):
            rows.append(pager)
        await show(callback, _("audience-choose-item"), InlineKeyboardMarkup(inline_keyboard=[*rows, back]))
    elif d.a == "pick":
        await _preview(callback, viewer, _, service, state, _audience_of(d.v, data))
    elif d.a == "send":
        await _send_now(callback, viewer, _, service, state)
        wake_broadcasts()
    elif d.a == "later":
        await state.set_state(BroadcastFlow.schedule)
        await callback.answer()
        if isinstance(callback.message, Message):
            await callback.message.answer(_("broadcast-ask-time"))
    else:
        await callback.answer(_("error-not-found"))


def _audience_of(value: str, data: dict[str, Any]) -> dict[str, Any]:
    kind, _sep, rest = value.partition("-")
    if kind == "role":
        return {"kind": "role", "role": rest}
    if kind == "kind":
        return {"kind": "org_kind", "org_kind": rest}
    if kind == "dist":
        return {"kind": "district", "org": int(rest)}
    if kind == "orgs":
        return {"kind": "orgs", "orgs": list(data.get("orgs", []))}
    if kind == "item":
        return {"kind": "not_reported", "item": int(rest)}
    return {"kind": "all"}


async def _preview(
    callback: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    service: BroadcastService,
    state: FSMContext,
    audience: dict[str, Any],
) -> None:
    recipients, unreachable = await service.recipients(viewer, audience)
    await state.update_data(audience=audience)
    text = _("broadcast-preview", count=len(recipients), unreachable=unreachable)
    rows = [[_b(_("btn-broadcast-send", count=len(recipients)), a="send")]] if recipients else []
    if recipients:
        rows.append([_b(_("btn-broadcast-later"), a="later")])
    rows.append([_b(_("btn-back"), a="aud"), _b(_("btn-cancel"), a="drop")])
    await show(callback, text, InlineKeyboardMarkup(inline_keyboard=rows))


async def _create(
    viewer: Viewer, service: BroadcastService, state: FSMContext, at: datetime | None
) -> tuple[Broadcast, int]:
    """The broadcast the conversation put together, with its outbox; the conversation ends."""
    data = await state.get_data()
    created = await service.create(viewer, data["audience"], int(data["chat"]), list(data["ids"]), at)
    await state.clear()
    return created


async def _send_now(
    callback: CallbackQuery, viewer: Viewer, _: Translator, service: BroadcastService, state: FSMContext
) -> None:
    broadcast, count = await _create(viewer, service, state, None)
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    # The preview becomes the progress message the sender edits.
    markup = InlineKeyboardMarkup(inline_keyboard=[[_b(_("btn-broadcast-cancel"), a="stop", b=broadcast.id)]])
    await callback.message.edit_text(_("broadcast-started", count=count), reply_markup=markup)
    await service.set_progress_message(viewer, broadcast.id, callback.message.message_id)


@router.message(BroadcastFlow.schedule)
async def got_time(
    message: Message,
    viewer: Viewer,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
) -> None:
    service = _service(session, clock, default_timezone)
    at = parse_send_time(message.text or "", clock.now(), str(service.timezone_of(viewer)))
    _broadcast, count = await _create(viewer, service, state, at)
    when = at.astimezone(service.timezone_of(viewer)).strftime("%d.%m.%Y %H:%M")
    await message.answer(_("broadcast-scheduled", count=count, when=when))


@router.message(Command("broadcasts"))
async def past(
    message: Message,
    viewer: Viewer | None,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
) -> None:
    if viewer is None:
        await message.answer(_("fallback-stranger"))
        return
    await _list(message, viewer, _, _service(session, clock, default_timezone))


async def _list(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, service: BroadcastService
) -> None:
    found = await service.mine(viewer)
    if not found:
        await show(event, _("broadcasts-none"), None)
        return
    rows = [
        [
            _b(
                _(
                    "broadcasts-line",
                    date=short_date(b.created_at.date()),
                    status=_(f"broadcast-status-{b.status.value}"),
                    sent=p.sent,
                    total=p.total,
                ),
                a="show",
                b=b.id,
            )
        ]
        for b, p in found[: PAGE_SIZE * 2]
    ]
    await show(event, _("broadcasts-title"), InlineKeyboardMarkup(inline_keyboard=rows))


async def _past(
    callback: CallbackQuery, d: Bc, viewer: Viewer, _: Translator, service: BroadcastService, bot: Bot
) -> None:
    if d.a == "stop":
        await service.cancel(viewer, d.b)
        await callback.answer(_("broadcast-cancelling"), show_alert=False)
    elif d.a == "list":
        await _list(callback, viewer, _, service)
    elif d.a == "csv":
        await callback.answer()
        data = await service.failures_csv(viewer, d.b)
        await bot.send_document(
            callback.from_user.id, BufferedInputFile(data, filename=f"broadcast-{d.b}-failures.csv")
        )
    else:
        size = PAGE_SIZE * 3
        broadcast, rows, total = await service.delivery(viewer, d.b, d.g * size, size)
        lines = [_("broadcast-delivery", id=broadcast.id, total=total)]
        lines += [
            f"{_('outbox-' + status.value)} {escape(name)}" + (f" — {escape(error)}" if error else "")
            for name, status, error in rows
        ]
        buttons = []
        if pager := page_of_total(total, d.g, size).pager(
            lambda text, number: _b(text, a="show", b=d.b, g=number)
        ):
            buttons.append(pager)
        buttons.append([_b(_("btn-failures-csv"), a="csv", b=d.b), _b(_("btn-back"), a="list")])
        await show(callback, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=buttons))
