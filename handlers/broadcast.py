"""/broadcast: any message (text, photo, document, album, a forwarded post) → the audience →
a preview with the recipient count → send now or at a local time. Past broadcasts are in
handlers/broadcasts_past.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import BaseFilter, Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callback_data import AudienceChoice, BroadcastAction, BroadcastButton
from bot.i18n import Translator
from bot.views.broadcasts import cancel_markup
from handlers.albums import AlbumCollector
from handlers.filters import Member, MenuButton
from handlers.screens import button, keyboard, paginate, say, show
from services.audience import (
    Audience,
    ByOrgKind,
    ChosenOrgs,
    District,
    Everyone,
    NotReported,
    Overdue,
    audience_as_dict,
    audience_from_dict,
)
from services.broadcasts import BroadcastService
from services.permissions import Role
from services.users import Viewer

router = Router(name=__name__)
router.message.filter(Member())
router.callback_query.filter(Member())
ROLES = (Role.TEACHER, Role.HEAD, Role.ADMIN, Role.OBSERVER)


class BroadcastFlow(StatesGroup):
    message = State()  # waiting for what to send
    audience = State()  # data: ids, chat, orgs (chosen), audience
    schedule = State()  # waiting for a local time


def bc(text: str, action: BroadcastAction, **values: Any) -> InlineKeyboardButton:
    return button(text, BroadcastButton(action=action, **values))


def _pick(text: str, choice: AudienceChoice, **values: Any) -> InlineKeyboardButton:
    return bc(text, BroadcastAction.PICK, choice=choice, **values)


def _back(_: Translator) -> list[InlineKeyboardButton]:
    return [bc(_("btn-back"), BroadcastAction.AUDIENCES)]


@router.message(Command("broadcast"))
@router.message(MenuButton("btn-broadcast"))
async def start(
    message: Message, viewer: Viewer, _: Translator, broadcasts: BroadcastService, state: FSMContext
) -> None:
    scope = await broadcasts.scope(viewer)
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
    broadcasts: BroadcastService,
    state: FSMContext,
    albums: AlbumCollector,
) -> None:
    data = await state.get_data()
    if message.media_group_id and data.get("group") == message.media_group_id:
        ids = [*data.get("ids", []), message.message_id]
    else:
        ids = [message.message_id]
    await state.update_data(ids=ids, chat=message.chat.id, group=message.media_group_id)
    markup = audiences_keyboard(await broadcasts.may_choose_widely(viewer), _)

    async def ask_audience(_parts: list[int]) -> None:
        await bot.send_message(message.chat.id, _("broadcast-choose-audience"), reply_markup=markup)

    await state.set_state(BroadcastFlow.audience)
    if message.media_group_id:  # one question for the whole album, once its parts stop coming
        albums.add((message.chat.id, message.media_group_id), message.message_id, ask_audience)
        return
    await ask_audience([message.message_id])


@router.message(BroadcastFlow.audience)
async def audience_expected(message: Message, _: Translator) -> None:
    await message.answer(_("broadcast-use-buttons"))


def audiences_keyboard(wide: bool, _: Translator) -> InlineKeyboardMarkup:
    rows = [[_pick(_("audience-all"), AudienceChoice.ALL)], [bc(_("audience-role"), BroadcastAction.ROLES)]]
    if wide:
        rows += [
            [
                bc(_("audience-kind"), BroadcastAction.KINDS),
                bc(_("audience-district"), BroadcastAction.DISTRICTS),
            ],
            [bc(_("audience-orgs"), BroadcastAction.ORGS)],
            [bc(_("audience-overdue"), BroadcastAction.PLANS, choice=AudienceChoice.OVERDUE)],
            [bc(_("audience-not-reported"), BroadcastAction.PLANS, choice=AudienceChoice.NOT_REPORTED)],
        ]
    rows.append([bc(_("btn-cancel"), BroadcastAction.DROP)])
    return keyboard(*rows)


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.DROP))
async def drop(callback: CallbackQuery, _: Translator, state: FSMContext) -> None:
    await state.clear()
    await show(callback, _("broadcast-dropped"), None)


class HasMessage(BaseFilter):
    """The message to send is in hand (the audience step of a broadcast being put together)."""

    async def __call__(self, _event: object, state: FSMContext) -> bool:
        return bool((await state.get_data()).get("ids"))


AUDIENCE_STEP = (BroadcastFlow.audience, HasMessage())
PAST_ACTIONS = {
    BroadcastAction.STOP,
    BroadcastAction.LIST,
    BroadcastAction.SHOW,
    BroadcastAction.FAILURES_CSV,
}


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.AUDIENCES), *AUDIENCE_STEP)
async def audiences(
    callback: CallbackQuery, viewer: Viewer, _: Translator, broadcasts: BroadcastService
) -> None:
    markup = audiences_keyboard(await broadcasts.may_choose_widely(viewer), _)
    await show(callback, _("broadcast-choose-audience"), markup)


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.ROLES), *AUDIENCE_STEP)
async def roles(callback: CallbackQuery, _: Translator) -> None:
    rows = [
        [_pick(_(f"role-{role.value}").capitalize(), AudienceChoice.ROLE, target=role.name)] for role in ROLES
    ]
    await show(callback, _("audience-role"), keyboard(*rows, _back(_)))


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.KINDS), *AUDIENCE_STEP)
async def kinds(callback: CallbackQuery, viewer: Viewer, _: Translator, broadcasts: BroadcastService) -> None:
    rows = [
        [_pick(names.get(_.locale) or names.get("ru") or code, AudienceChoice.ORG_KIND, target=code)]
        for code, names in await broadcasts.org_kinds(viewer)
    ]
    await show(callback, _("audience-kind"), keyboard(*rows, _back(_)))


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.DISTRICTS), *AUDIENCE_STEP)
async def districts(
    callback: CallbackQuery,
    callback_data: BroadcastButton,
    viewer: Viewer,
    _: Translator,
    broadcasts: BroadcastService,
) -> None:
    shown = paginate(await broadcasts.districts(viewer), callback_data.page)
    rows = [[_pick(org.name[:50], AudienceChoice.DISTRICT, target_id=org.id)] for org in shown.items]
    if pager := shown.pager(lambda text, number: bc(text, BroadcastAction.DISTRICTS, page=number)):
        rows.append(pager)
    await show(callback, _("audience-district"), keyboard(*rows, _back(_)))


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.ORGS), *AUDIENCE_STEP)
async def chosen_orgs(
    callback: CallbackQuery,
    callback_data: BroadcastButton,
    viewer: Viewer,
    _: Translator,
    broadcasts: BroadcastService,
    state: FSMContext,
) -> None:
    chosen = set((await state.get_data()).get("orgs", []))
    await _orgs(callback, callback_data, chosen, viewer, _, broadcasts)


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.TOGGLE_ORG), *AUDIENCE_STEP)
async def toggle_org(
    callback: CallbackQuery,
    callback_data: BroadcastButton,
    viewer: Viewer,
    _: Translator,
    broadcasts: BroadcastService,
    state: FSMContext,
) -> None:
    chosen = set((await state.get_data()).get("orgs", [])) ^ {callback_data.target_id}
    await state.update_data(orgs=sorted(chosen))
    await _orgs(callback, callback_data, chosen, viewer, _, broadcasts)


async def _orgs(
    callback: CallbackQuery,
    callback_data: BroadcastButton,
    chosen: set[int],
    viewer: Viewer,
    _: Translator,
    broadcasts: BroadcastService,
) -> None:
    shown = paginate(await broadcasts.orgs_in_scope(viewer), callback_data.page)
    rows = [
        [
            bc(
                ("✅ " if org.id in chosen else "➕ ") + org.name[:48],
                BroadcastAction.TOGGLE_ORG,
                target_id=org.id,
                page=shown.number,
            )
        ]
        for org in shown.items
    ]
    if pager := shown.pager(lambda text, number: bc(text, BroadcastAction.ORGS, page=number)):
        rows.append(pager)
    if chosen:
        rows.append([_pick(_("btn-audience-done", count=len(chosen)), AudienceChoice.CHOSEN_ORGS)])
    await show(callback, _("audience-orgs"), keyboard(*rows, _back(_)))


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.PLANS), *AUDIENCE_STEP)
async def plans(
    callback: CallbackQuery,
    callback_data: BroadcastButton,
    viewer: Viewer,
    _: Translator,
    broadcasts: BroadcastService,
) -> None:
    shown = paginate(await broadcasts.plans_in_scope(viewer), callback_data.page)
    if callback_data.choice is AudienceChoice.OVERDUE:
        rows = [[_pick(p.title[:50], AudienceChoice.OVERDUE, target_id=p.plan_id)] for p in shown.items]
    else:
        rows = [[bc(p.title[:50], BroadcastAction.ITEMS, target_id=p.plan_id)] for p in shown.items]
    await show(callback, _("audience-choose-plan"), keyboard(*rows, _back(_)))


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.ITEMS), *AUDIENCE_STEP)
async def items(
    callback: CallbackQuery,
    callback_data: BroadcastButton,
    viewer: Viewer,
    _: Translator,
    broadcasts: BroadcastService,
) -> None:
    plan_id = callback_data.target_id
    shown = paginate(await broadcasts.items_of(viewer, plan_id), callback_data.page)
    rows = [
        [_pick(f"{i.number or '•'} {i.title[:44]}", AudienceChoice.NOT_REPORTED, target_id=i.item_id)]
        for i in shown.items
    ]
    if pager := shown.pager(
        lambda text, number: bc(text, BroadcastAction.ITEMS, target_id=plan_id, page=number)
    ):
        rows.append(pager)
    await show(callback, _("audience-choose-item"), keyboard(*rows, _back(_)))


def audience_of(pressed: BroadcastButton, chosen_orgs: list[int]) -> Audience:
    """The audience a PICK button names."""
    match pressed.choice:
        case AudienceChoice.ROLE:
            return audience_from_dict({"kind": "role", "role": pressed.target})
        case AudienceChoice.ORG_KIND:
            return ByOrgKind(pressed.target)
        case AudienceChoice.DISTRICT:
            return District(pressed.target_id)
        case AudienceChoice.CHOSEN_ORGS:
            return ChosenOrgs(tuple(chosen_orgs))
        case AudienceChoice.OVERDUE:
            return Overdue(pressed.target_id)
        case AudienceChoice.NOT_REPORTED:
            return NotReported(pressed.target_id)
    return Everyone()


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.PICK), *AUDIENCE_STEP)
async def preview(
    callback: CallbackQuery,
    callback_data: BroadcastButton,
    viewer: Viewer,
    _: Translator,
    broadcasts: BroadcastService,
    state: FSMContext,
) -> None:
    audience = audience_of(callback_data, list((await state.get_data()).get("orgs", [])))
    recipients, unreachable = await broadcasts.recipients(viewer, audience)
    await state.update_data(audience=audience_as_dict(audience))
    rows = []
    if recipients:
        rows.append([bc(_("btn-broadcast-send", count=len(recipients)), BroadcastAction.SEND)])
        rows.append([bc(_("btn-broadcast-later"), BroadcastAction.LATER)])
    rows.append([*_back(_), bc(_("btn-cancel"), BroadcastAction.DROP)])
    text = _("broadcast-preview", count=len(recipients), unreachable=unreachable)
    await show(callback, text, keyboard(*rows))


async def _create(
    viewer: Viewer, broadcasts: BroadcastService, state: FSMContext, at: datetime | None
) -> tuple[int, int]:
    """The broadcast the conversation put together, with its outbox; the conversation ends."""
    data = await state.get_data()
    audience = audience_from_dict(data["audience"])
    created = await broadcasts.create(viewer, audience, int(data["chat"]), list(data["ids"]), at)
    await state.clear()
    return created


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.SEND), *AUDIENCE_STEP)
async def send_now(
    callback: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    broadcasts: BroadcastService,
    state: FSMContext,
    wake_broadcasts: Callable[[], None],
) -> None:
    broadcast_id, count = await _create(viewer, broadcasts, state, None)
    await callback.answer()
    if isinstance(callback.message, Message):
        # The preview becomes the progress message the sender edits.
        await callback.message.edit_text(
            _("broadcast-started", count=count), reply_markup=cancel_markup(broadcast_id, _)
        )
        await broadcasts.set_progress_message(viewer, broadcast_id, callback.message.message_id)
    wake_broadcasts()


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.LATER), *AUDIENCE_STEP)
async def ask_time(callback: CallbackQuery, _: Translator, state: FSMContext) -> None:
    await state.set_state(BroadcastFlow.schedule)
    await say(callback, _("broadcast-ask-time"))


@router.callback_query(BroadcastButton.filter(~F.action.in_(PAST_ACTIONS)))
async def step_over(callback: CallbackQuery, _: Translator) -> None:
    """A composing button of a broadcast no longer being put together."""
    await callback.answer(_("report-step-over"), show_alert=True)


@router.message(BroadcastFlow.schedule)
async def got_time(
    message: Message, viewer: Viewer, _: Translator, broadcasts: BroadcastService, state: FSMContext
) -> None:
    zone = broadcasts.timezone_of(viewer)
    at = broadcasts.send_time(viewer, message.text or "")
    _broadcast, count = await _create(viewer, broadcasts, state, at)
    await message.answer(
        _("broadcast-scheduled", count=count, when=at.astimezone(zone).strftime("%d.%m.%Y %H:%M"))
    )
