"""People: organisations in reach, their members, invitations by deep link and QR code.

Every press goes back to the service, which checks the permission again: callback data is
user input and may be forged.
"""

from __future__ import annotations

import io
from html import escape

import segno
from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from db.models import Role
from db.repositories.orgs import OrgRepo
from handlers.filters import Member, MenuButton
from handlers.orgs import admin_buttons
from handlers.screens import PAGE_SIZE, paginate, show
from handlers.text import short_date
from services.clock import Clock
from services.orgs import fixed_in_place
from services.people import MemberLine, PeopleService
from services.users import Viewer

router = Router(name=__name__)
INVITE_USES = (1, 10, 50)


class Ppl(CallbackData, prefix="p"):
    a: str  # what to show or do
    o: int = 0  # organisation
    p: int = 0  # page
    r: str = ""  # role
    n: int = 0  # membership, invite or uses


def _button(text: str, **data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=Ppl(**data).pack())  # type: ignore[arg-type]


def _service(session: AsyncSession, clock: Clock) -> PeopleService:
    return PeopleService(OrgRepo(session), clock)


@router.message(Command("people"), Member())
@router.message(MenuButton("btn-people"), Member())
async def people(
    message: Message, viewer: Viewer, _: Translator, session: AsyncSession, clock: Clock
) -> None:
    await _org_list(message, viewer, _, _service(session, clock), page=0)


@router.callback_query(Ppl.filter())
async def on_people(
    callback: CallbackQuery,
    callback_data: Ppl,
    viewer: Viewer | None,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    bot: Bot,
) -> None:
    if viewer is None or viewer.top_role is None:
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    service = _service(session, clock)
    data = callback_data
    if data.a == "orgs":
        await _org_list(callback, viewer, _, service, page=data.p)
    elif data.a == "arch":
        await _archived_list(callback, viewer, _, service, page=data.p)
    elif data.a == "org":
        await _org_card(callback, viewer, _, service, data.o)
    elif data.a == "mem":
        await _members(callback, viewer, _, service, data.o)
    elif data.a == "who":
        await _member_card(callback, viewer, _, service, data.o, data.n)
    elif data.a == "role":
        changed = await service.change_role(viewer, data.n, Role(data.r))
        await callback.answer(
            _("member-role-changed", name=changed.name, role=_(f"role-{changed.role.value}")), show_alert=True
        )
        await _members(callback, viewer, _, service, data.o)
    elif data.a == "rm":
        await _confirm_remove(callback, viewer, _, service, data.o, data.n)
    elif data.a == "rmy":
        removed = await service.remove_member(viewer, data.n)
        await callback.answer(_("member-removed", name=removed.name, org=""), show_alert=False)
        await _members(callback, viewer, _, service, data.o)
    elif data.a == "inv":
        await _choose_role(callback, viewer, _, service, data.o)
    elif data.a == "invr":
        await _choose_uses(callback, viewer, _, service, data.o, Role(data.r))
    elif data.a == "invu":
        await _create_invite(callback, viewer, _, service, bot, data.o, Role(data.r), data.n)
    elif data.a == "invl":
        await _invites(callback, viewer, _, service, data.o)
    elif data.a == "rev":
        await service.revoke(viewer, data.n)
        await callback.answer(_("invite-revoked"), show_alert=True)
        await _invites(callback, viewer, _, service, data.o)
    else:
        await callback.answer(_("error-not-found"))


async def _org_list(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, service: PeopleService, page: int
) -> None:
    orgs = await service.orgs_in_reach(viewer)
    if not orgs:
        await show(event, _("people-none") if viewer.has_role(Role.ADMIN) else _("error-access-denied"), None)
        return
    if len(orgs) == 1:
        await _org_card(event, viewer, _, service, orgs[0].id)
        return
    page_ = paginate(orgs, page)
    rows = [[_button((org.short_name or org.name)[:60], a="org", o=org.id)] for org in page_.items]
    if pager := page_.pager(lambda text, number: _button(text, a="orgs", p=number)):
        rows.append(pager)
    if archived := await service.archived_in_reach(viewer):
        rows.append([_button(_("btn-archived-orgs", count=len(archived)), a="arch")])
    await show(event, _("people-title"), InlineKeyboardMarkup(inline_keyboard=rows))


async def _archived_list(
    event: CallbackQuery, viewer: Viewer, _: Translator, service: PeopleService, page: int
) -> None:
    page_ = paginate(await service.archived_in_reach(viewer), page)
    rows = [[_button("🗄 " + (org.short_name or org.name)[:60], a="org", o=org.id)] for org in page_.items]
    if pager := page_.pager(lambda text, number: _button(text, a="arch", p=number)):
        rows.append(pager)
    rows.append([_button(_("btn-back"), a="orgs")])
    await show(event, _("people-archived-title"), InlineKeyboardMarkup(inline_keyboard=rows))


async def _org_card(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, service: PeopleService, org_id: int
) -> None:
    card = await service.card(viewer, org_id)
    org = card.org
    kind = card.kind_names.get(_.locale) or org.kind
    rows = [[_button(_("btn-members"), a="mem", o=org_id)]]
    if card.invitable:
        rows.append(
            [_button(_("btn-invite"), a="inv", o=org_id), _button(_("btn-invites"), a="invl", o=org_id)]
        )
    if card.may_manage:
        rows += admin_buttons(org_id, fixed_in_place(viewer, org), _)
    rows.append([_button(_("btn-back"), a="orgs")])
    text = _("org-card", name=escape(org.name), kind=escape(kind), members=card.members)
    if org.archived_at is not None:
        text += "\n" + _("org-archived-note")
    await show(event, text, InlineKeyboardMarkup(inline_keyboard=rows))


async def _members(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, service: PeopleService, org_id: int
) -> None:
    members = await service.members(viewer, org_id)
    org_name = (await service.org_name(org_id)) or ""
    lines = [_("members-title", org=escape(org_name))]
    lines += [_("members-line", role=_(f"role-{m.role.value}"), name=escape(m.name)) for m in members]
    if not members:
        lines.append(_("members-none"))
    rows = [
        [_button(f"👤 {m.name[:40]} — {_(f'role-{m.role.value}')}", a="who", o=org_id, n=m.membership_id)]
        for m in members
        if m.may_remove
    ][:PAGE_SIZE]
    rows.append([_button(_("btn-back"), a="org", o=org_id)])
    await show(event, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


async def _removable(
    event: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    service: PeopleService,
    org_id: int,
    membership_id: int,
) -> MemberLine | None:
    """The member the viewer may act on, or None after telling them they may not."""
    members = await service.members(viewer, org_id)
    member = next((m for m in members if m.membership_id == membership_id), None)
    if member is None or not member.may_remove:
        await event.answer(_("error-access-denied"), show_alert=True)
        return None
    return member


async def _member_card(
    event: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    service: PeopleService,
    org_id: int,
    membership_id: int,
) -> None:
    member = await _removable(event, viewer, _, service, org_id, membership_id)
    if member is None:
        return
    org_name = (await service.org_name(org_id)) or ""
    rows = [
        [
            _button(
                _("btn-member-role", role=_(f"role-{role.value}")),
                a="role",
                o=org_id,
                n=membership_id,
                r=role.value,
            )
        ]
        for role in await service.role_choices(viewer, membership_id)
    ]
    rows.append([_button(_("btn-remove-member", name=member.name[:40]), a="rm", o=org_id, n=membership_id)])
    rows.append([_button(_("btn-back"), a="mem", o=org_id)])
    text = _(
        "member-card", name=escape(member.name), role=_(f"role-{member.role.value}"), org=escape(org_name)
    )
    await show(event, text, InlineKeyboardMarkup(inline_keyboard=rows))


async def _confirm_remove(
    event: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    service: PeopleService,
    org_id: int,
    membership_id: int,
) -> None:
    member = await _removable(event, viewer, _, service, org_id, membership_id)
    if member is None:
        return
    org_name = (await service.org_name(org_id)) or ""
    text = _(
        "member-remove-confirm",
        name=escape(member.name),
        role=_(f"role-{member.role.value}"),
        org=escape(org_name),
    )
    rows = [
        [_button(_("btn-confirm-remove"), a="rmy", o=org_id, n=membership_id)],
        [_button(_("btn-back"), a="mem", o=org_id)],
    ]
    await show(event, text, InlineKeyboardMarkup(inline_keyboard=rows))


async def _choose_role(
    event: CallbackQuery, viewer: Viewer, _: Translator, service: PeopleService, org_id: int
) -> None:
    roles = await service.invitable_roles(viewer, org_id)
    if not roles:
        await event.answer(_("error-access-denied"), show_alert=True)
        return
    org_name = (await service.org_name(org_id)) or ""
    rows = [[_button(_(f"role-{role.value}-acc"), a="invr", o=org_id, r=role.value)] for role in roles]
    rows.append([_button(_("btn-back"), a="org", o=org_id)])
    await show(
        event, _("invite-choose-role", org=escape(org_name)), InlineKeyboardMarkup(inline_keyboard=rows)
    )


async def _choose_uses(
    event: CallbackQuery, viewer: Viewer, _: Translator, service: PeopleService, org_id: int, role: Role
) -> None:
    if role not in await service.invitable_roles(viewer, org_id):
        await event.answer(_("error-access-denied"), show_alert=True)
        return
    rows = [
        [
            _button(
                _("btn-uses-one") if n == 1 else _("btn-uses-many", n=n),
                a="invu",
                o=org_id,
                r=role.value,
                n=n,
            )
        ]
        for n in INVITE_USES
    ]
    rows.append([_button(_("btn-back"), a="inv", o=org_id)])
    await show(event, _("invite-choose-uses"), InlineKeyboardMarkup(inline_keyboard=rows))


async def _create_invite(
    event: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    service: PeopleService,
    bot: Bot,
    org_id: int,
    role: Role,
    uses: int,
) -> None:
    if uses not in INVITE_USES:
        await event.answer(_("error-not-found"), show_alert=True)
        return
    created = await service.create_invite(viewer, org_id, role, max_uses=uses)
    me = await bot.me()
    link = f"https://t.me/{me.username}?start={created.token}"
    role_text = _(f"role-{role.value}")
    text = _(
        "invite-created",
        org=escape(created.org_name),
        role=role_text,
        link=link,
        until=short_date(created.expires_at.date()),
        uses=created.max_uses,
    )
    await show(
        event, text, InlineKeyboardMarkup(inline_keyboard=[[_button(_("btn-back"), a="org", o=org_id)]])
    )
    qr = io.BytesIO()
    segno.make(link, error="m").save(qr, kind="png", scale=8, border=2)
    await bot.send_photo(
        event.from_user.id,
        BufferedInputFile(qr.getvalue(), filename="invite.png"),
        caption=_("invite-qr-caption", org=escape(created.org_name), role=role_text),
    )


async def _invites(
    event: CallbackQuery, viewer: Viewer, _: Translator, service: PeopleService, org_id: int
) -> None:
    invites = await service.open_invites(viewer, org_id)
    org_name = (await service.org_name(org_id)) or ""
    lines = [_("invites-title", org=escape(org_name))]
    rows = []
    for invite in invites[:PAGE_SIZE]:
        role = _(f"role-{invite.role.value}")
        lines.append(
            _(
                "invites-line",
                role=role,
                used=invite.uses,
                max=invite.max_uses,
                until=short_date(invite.expires_at.date()),
            )
        )
        rows.append(
            [
                _button(
                    _("btn-revoke", role=role, uses=f"{invite.uses}/{invite.max_uses}"),
                    a="rev",
                    o=org_id,
                    n=invite.id,
                )
            ]
        )
    if not invites:
        lines.append(_("invites-none"))
    rows.append([_button(_("btn-back"), a="org", o=org_id)])
    await show(event, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))
