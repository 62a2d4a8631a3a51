"""People: organisations in reach, their members and what may be done with them. Invitations are
in handlers/invites.py, the tree itself in handlers/orgs.py.

Every press goes back to the service, which checks the permission again: callback data is
user input and may be forged.
"""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.callback_data import PeopleAction, PeopleButton
from bot.i18n import Translator
from handlers.filters import Member, MenuButton
from handlers.orgs import admin_buttons
from handlers.screens import PAGE_SIZE, button, keyboard, paginate, show
from services.orgs import fixed_in_place
from services.people import MemberLine, PeopleService
from services.permissions import Role
from services.users import Viewer

router = Router(name=__name__)
router.message.filter(Member())
router.callback_query.filter(Member())


def pb(text: str, action: PeopleAction, **values: Any) -> InlineKeyboardButton:
    return button(text, PeopleButton(action=action, **values))


@router.message(Command("people"))
@router.message(MenuButton("btn-people"))
async def people_command(message: Message, viewer: Viewer, _: Translator, people: PeopleService) -> None:
    await _org_list(message, viewer, _, people, page=0)


@router.callback_query(PeopleButton.filter(F.action == PeopleAction.ORGS))
async def org_list(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    await _org_list(callback, viewer, _, people, callback_data.page)


async def _org_list(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, people: PeopleService, page: int
) -> None:
    orgs = await people.orgs_in_reach(viewer)
    if not orgs:
        await show(event, _("people-none") if viewer.has_role(Role.ADMIN) else _("error-access-denied"), None)
        return
    if len(orgs) == 1:
        await _org_card(event, viewer, _, people, orgs[0].id)
        return
    shown = paginate(orgs, page)
    rows = [[pb((org.short_name or org.name)[:60], PeopleAction.ORG, org_id=org.id)] for org in shown.items]
    if pager := shown.pager(lambda text, number: pb(text, PeopleAction.ORGS, page=number)):
        rows.append(pager)
    if archived := await people.archived_in_reach(viewer):
        rows.append([pb(_("btn-archived-orgs", count=len(archived)), PeopleAction.ARCHIVED)])
    await show(event, _("people-title"), keyboard(*rows))


@router.callback_query(PeopleButton.filter(F.action == PeopleAction.ARCHIVED))
async def archived_list(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    shown = paginate(await people.archived_in_reach(viewer), callback_data.page)
    rows = [
        [pb("🗄 " + (org.short_name or org.name)[:60], PeopleAction.ORG, org_id=org.id)] for org in shown.items
    ]
    if pager := shown.pager(lambda text, number: pb(text, PeopleAction.ARCHIVED, page=number)):
        rows.append(pager)
    rows.append([pb(_("btn-back"), PeopleAction.ORGS)])
    await show(callback, _("people-archived-title"), keyboard(*rows))


@router.callback_query(PeopleButton.filter(F.action == PeopleAction.ORG))
async def org_card(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    await _org_card(callback, viewer, _, people, callback_data.org_id)


async def _org_card(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, people: PeopleService, org_id: int
) -> None:
    card = await people.card(viewer, org_id)
    org = card.org
    rows = [[pb(_("btn-members"), PeopleAction.MEMBERS, org_id=org_id)]]
    if card.invitable:
        rows.append(
            [
                pb(_("btn-invite"), PeopleAction.INVITE, org_id=org_id),
                pb(_("btn-invites"), PeopleAction.INVITES, org_id=org_id),
            ]
        )
    if card.may_manage:
        rows += admin_buttons(org_id, fixed_in_place(viewer, org), _)
    rows.append([pb(_("btn-back"), PeopleAction.ORGS)])
    kind = card.kind_names.get(_.locale) or org.kind
    text = _("org-card", name=escape(org.name), kind=escape(kind), members=card.members)
    if org.archived:
        text += "\n" + _("org-archived-note")
    await show(event, text, keyboard(*rows))


@router.callback_query(PeopleButton.filter(F.action == PeopleAction.MEMBERS))
async def members(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    await _members(callback, viewer, _, people, callback_data.org_id)


async def _members(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, people: PeopleService, org_id: int
) -> None:
    found = await people.members(viewer, org_id)
    lines = [_("members-title", org=escape((await people.org_name(org_id)) or ""))]
    lines += [_("members-line", role=_(f"role-{m.role.value}"), name=escape(m.name)) for m in found]
    if not found:
        lines.append(_("members-none"))
    rows = [
        [
            pb(
                f"👤 {m.name[:40]} — {_(f'role-{m.role.value}')}",
                PeopleAction.MEMBER,
                org_id=org_id,
                number=m.membership_id,
            )
        ]
        for m in found
        if m.may_remove
    ][:PAGE_SIZE]
    rows.append([pb(_("btn-back"), PeopleAction.ORG, org_id=org_id)])
    await show(event, "\n".join(lines), keyboard(*rows))


async def _removable(
    event: CallbackQuery, viewer: Viewer, _: Translator, people: PeopleService, pressed: PeopleButton
) -> MemberLine | None:
    """The member the viewer may act on, or None after telling them they may not."""
    found = await people.members(viewer, pressed.org_id)
    member = next((m for m in found if m.membership_id == pressed.number), None)
    if member is None or not member.may_remove:
        await event.answer(_("error-access-denied"), show_alert=True)
        return None
    return member


@router.callback_query(PeopleButton.filter(F.action == PeopleAction.MEMBER))
async def member_card(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    member = await _removable(callback, viewer, _, people, callback_data)
    if member is None:
        return
    org_id, membership_id = callback_data.org_id, callback_data.number
    at = {"org_id": org_id, "number": membership_id}
    rows = [
        [pb(_("btn-member-role", role=_(f"role-{role.value}")), PeopleAction.SET_ROLE, role=role, **at)]
        for role in await people.role_choices(viewer, membership_id)
    ]
    rows.append([pb(_("btn-remove-member", name=member.name[:40]), PeopleAction.REMOVE, **at)])
    rows.append([pb(_("btn-back"), PeopleAction.MEMBERS, org_id=org_id)])
    org = escape((await people.org_name(org_id)) or "")
    await show(
        callback,
        _("member-card", name=escape(member.name), role=_(f"role-{member.role.value}"), org=org),
        keyboard(*rows),
    )


@router.callback_query(PeopleButton.filter((F.action == PeopleAction.SET_ROLE) & F.role))
async def set_role(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    assert callback_data.role is not None
    changed = await people.change_role(viewer, callback_data.number, callback_data.role)
    role = _(f"role-{changed.role.value}")
    await callback.answer(_("member-role-changed", name=changed.name, role=role), show_alert=True)
    await _members(callback, viewer, _, people, callback_data.org_id)


@router.callback_query(PeopleButton.filter(F.action == PeopleAction.REMOVE))
async def confirm_remove(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    member = await _removable(callback, viewer, _, people, callback_data)
    if member is None:
        return
    org_id = callback_data.org_id
    org = escape((await people.org_name(org_id)) or "")
    text = _("member-remove-confirm", name=escape(member.name), role=_(f"role-{member.role.value}"), org=org)
    rows = [
        [
            pb(
                _("btn-confirm-remove"),
                PeopleAction.REMOVE_CONFIRMED,
                org_id=org_id,
                number=callback_data.number,
            )
        ],
        [pb(_("btn-back"), PeopleAction.MEMBERS, org_id=org_id)],
    ]
    await show(callback, text, keyboard(*rows))


@router.callback_query(PeopleButton.filter(F.action == PeopleAction.REMOVE_CONFIRMED))
async def remove(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    removed = await people.remove_member(viewer, callback_data.number)
    await callback.answer(_("member-removed", name=removed.name, org=""), show_alert=False)
    await _members(callback, viewer, _, people, callback_data.org_id)
