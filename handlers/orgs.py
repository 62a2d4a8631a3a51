"""Managing the organisation tree from the chat: add, rename, move, archive; the audit log.
Reached from an organisation's people card (handlers/people.py)."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callback_data import OrgAction, OrgButton, PeopleAction, PeopleButton
from bot.i18n import Translator
from handlers.filters import Member
from handlers.screens import button, keyboard, paginate, say, show
from services.orgs import OrgService, clean_name
from services.users import Viewer

router = Router(name=__name__)
router.callback_query.filter(Member())


class OrgEdit(StatesGroup):
    new_name = State()  # data: parent
    kind = State()  # data: parent, name
    rename = State()  # data: org


def ob(text: str, action: OrgAction, **values: Any) -> InlineKeyboardButton:
    return button(text, OrgButton(action=action, **values))


def admin_buttons(org_id: int, is_top: bool, _: Translator) -> list[list[InlineKeyboardButton]]:
    """Rows added to the people card of an organisation the viewer manages."""
    rows = [
        [
            ob(_("btn-org-add"), OrgAction.ADD, org_id=org_id),
            ob(_("btn-org-rename"), OrgAction.RENAME, org_id=org_id),
        ]
    ]
    if not is_top:
        rows.append(
            [
                ob(_("btn-org-move"), OrgAction.MOVE, org_id=org_id),
                ob(_("btn-org-archive"), OrgAction.ARCHIVE, org_id=org_id),
            ]
        )
    rows.append([ob(_("btn-audit"), OrgAction.AUDIT, org_id=org_id)])
    return rows


def _back_to_card(org_id: int, _: Translator) -> InlineKeyboardMarkup:
    return keyboard([button(_("btn-back"), PeopleButton(action=PeopleAction.ORG, org_id=org_id))])


@router.callback_query(OrgButton.filter(F.action == OrgAction.ADD))
async def ask_name(
    callback: CallbackQuery,
    callback_data: OrgButton,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    orgs: OrgService,
) -> None:
    parent = await orgs.managed(viewer, callback_data.org_id)
    await state.set_state(OrgEdit.new_name)
    await state.set_data({"parent": parent.id})
    await say(callback, _("org-ask-name", parent=escape(parent.name)))


@router.callback_query(OrgButton.filter(F.action == OrgAction.RENAME))
async def ask_rename(
    callback: CallbackQuery,
    callback_data: OrgButton,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    orgs: OrgService,
) -> None:
    org = await orgs.managed(viewer, callback_data.org_id)
    await state.set_state(OrgEdit.rename)
    await state.set_data({"org": org.id})
    await say(callback, _("org-ask-rename", name=escape(org.name)))


@router.callback_query(OrgButton.filter(F.action == OrgAction.KIND), OrgEdit.kind)
async def add_with_kind(
    callback: CallbackQuery,
    callback_data: OrgButton,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    orgs: OrgService,
) -> None:
    data = await state.get_data()
    if data.get("parent") != callback_data.org_id:
        await callback.answer(_("import-stale"), show_alert=True)
        return
    org = await orgs.add_child(viewer, callback_data.org_id, str(data.get("name", "")), callback_data.kind)
    await state.clear()
    await show(callback, _("org-added", name=escape(org.name)), None)


@router.callback_query(OrgButton.filter(F.action == OrgAction.KIND))
async def kind_too_late(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("import-stale"), show_alert=True)


@router.callback_query(OrgButton.filter(F.action == OrgAction.MOVE))
async def move_targets(
    callback: CallbackQuery, callback_data: OrgButton, viewer: Viewer, _: Translator, orgs: OrgService
) -> None:
    org_id = callback_data.org_id
    org = await orgs.managed(viewer, org_id)
    targets = paginate(await orgs.move_targets(viewer, org_id), callback_data.page)
    rows = [
        [ob((t.short_name or t.name)[:60], OrgAction.MOVE_TO, org_id=org_id, target_id=t.id)]
        for t in targets.items
    ]
    if pager := targets.pager(lambda text, number: ob(text, OrgAction.MOVE, org_id=org_id, page=number)):
        rows.append(pager)
    rows.append([button(_("btn-back"), PeopleButton(action=PeopleAction.ORG, org_id=org_id))])
    await show(callback, _("org-choose-parent", name=escape(org.name)), keyboard(*rows))


@router.callback_query(OrgButton.filter(F.action == OrgAction.MOVE_TO))
async def move(
    callback: CallbackQuery, callback_data: OrgButton, viewer: Viewer, _: Translator, orgs: OrgService
) -> None:
    org = await orgs.move(viewer, callback_data.org_id, callback_data.target_id)
    await show(callback, _("org-moved", name=escape(org.name)), _back_to_card(callback_data.org_id, _))


@router.callback_query(OrgButton.filter(F.action == OrgAction.ARCHIVE))
async def confirm_archive(
    callback: CallbackQuery, callback_data: OrgButton, viewer: Viewer, _: Translator, orgs: OrgService
) -> None:
    org_id = callback_data.org_id
    org = await orgs.managed(viewer, org_id)
    rows = [
        [ob(_("btn-confirm-archive"), OrgAction.ARCHIVE_CONFIRMED, org_id=org_id)],
        [button(_("btn-back"), PeopleButton(action=PeopleAction.ORG, org_id=org_id))],
    ]
    await show(callback, _("org-archive-confirm", name=escape(org.name)), keyboard(*rows))


@router.callback_query(OrgButton.filter(F.action == OrgAction.ARCHIVE_CONFIRMED))
async def archive(
    callback: CallbackQuery, callback_data: OrgButton, viewer: Viewer, _: Translator, orgs: OrgService
) -> None:
    org = await orgs.archive(viewer, callback_data.org_id)
    await show(callback, _("org-archived", name=escape(org.name)), None)


@router.callback_query(OrgButton.filter(F.action == OrgAction.AUDIT))
async def audit_log(
    callback: CallbackQuery, callback_data: OrgButton, viewer: Viewer, _: Translator, orgs: OrgService
) -> None:
    entries = await orgs.audit_log(viewer, callback_data.org_id)
    lines = [_("audit-title")] + [
        _(
            "audit-line",
            at=e.at.strftime("%d.%m.%Y %H:%M"),
            actor=escape(e.actor),
            action=_(f"audit-{e.action.replace('.', '-')}"),
        )
        for e in entries
    ]
    if not entries:
        lines.append(_("audit-none"))
    await show(callback, "\n".join(lines), _back_to_card(callback_data.org_id, _))


@router.message(OrgEdit.new_name, F.text)
async def got_new_name(message: Message, _: Translator, state: FSMContext, orgs: OrgService) -> None:
    name = clean_name(message.text or "")
    parent = int((await state.get_data())["parent"])
    await state.set_state(OrgEdit.kind)
    await state.update_data(name=name)
    rows = [
        [ob(kind.names.get(_.locale) or kind.code, OrgAction.KIND, org_id=parent, kind=kind.code)]
        for kind in await orgs.kinds()
    ]
    await message.answer(_("org-ask-kind", name=escape(name)), reply_markup=keyboard(*rows))


@router.message(OrgEdit.rename, F.text)
async def got_rename(
    message: Message, viewer: Viewer, _: Translator, state: FSMContext, orgs: OrgService
) -> None:
    org = await orgs.rename(viewer, int((await state.get_data())["org"]), message.text or "")
    await state.clear()
    await message.answer(_("org-renamed", name=escape(org.name)))


@router.message(OrgEdit.new_name)
@router.message(OrgEdit.rename)
async def not_text(message: Message, _: Translator) -> None:
    await message.answer(_("org-need-text"))
