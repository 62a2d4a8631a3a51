"""Invitations: a deep link (and its QR code) that joins an organisation in a given role, the
open links of an organisation, revoking one. Joining by link is /start <token> (handlers/common.py)."""

from __future__ import annotations

import io
from html import escape

import segno
from aiogram import Bot, F, Router
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram.utils.deep_linking import create_start_link

from bot.callback_data import PeopleAction, PeopleButton
from bot.i18n import Translator
from bot.text import short_date
from handlers.filters import Member
from handlers.people import pb
from handlers.screens import PAGE_SIZE, keyboard, show
from services.people import PeopleService
from services.users import Viewer

router = Router(name=__name__)
router.callback_query.filter(Member())
INVITE_USES = (1, 10, 50)


@router.callback_query(PeopleButton.filter(F.action == PeopleAction.INVITE))
async def choose_role(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    org_id = callback_data.org_id
    roles = await people.invitable_roles(viewer, org_id)
    if not roles:
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    rows = [
        [pb(_(f"role-{role.value}-acc"), PeopleAction.INVITE_ROLE, org_id=org_id, role=role)]
        for role in roles
    ]
    rows.append([pb(_("btn-back"), PeopleAction.ORG, org_id=org_id)])
    org = escape((await people.org_name(org_id)) or "")
    await show(callback, _("invite-choose-role", org=org), keyboard(*rows))


@router.callback_query(PeopleButton.filter((F.action == PeopleAction.INVITE_ROLE) & F.role))
async def choose_uses(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    org_id, role = callback_data.org_id, callback_data.role
    if role not in await people.invitable_roles(viewer, org_id):
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    rows = [
        [
            pb(
                _("btn-uses-one") if n == 1 else _("btn-uses-many", n=n),
                PeopleAction.INVITE_USES,
                org_id=org_id,
                role=role,
                number=n,
            )
        ]
        for n in INVITE_USES
    ]
    rows.append([pb(_("btn-back"), PeopleAction.INVITE, org_id=org_id)])
    await show(callback, _("invite-choose-uses"), keyboard(*rows))


@router.callback_query(PeopleButton.filter((F.action == PeopleAction.INVITE_USES) & F.role))
async def create_invite(
    callback: CallbackQuery,
    callback_data: PeopleButton,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    people: PeopleService,
) -> None:
    org_id, role, uses = callback_data.org_id, callback_data.role, callback_data.number
    assert role is not None
    if uses not in INVITE_USES:
        await callback.answer(_("error-not-found"), show_alert=True)
        return
    created = await people.create_invite(viewer, org_id, role, max_uses=uses)
    link = await create_start_link(bot, created.token)
    role_text = _(f"role-{role.value}")
    text = _(
        "invite-created",
        org=escape(created.org_name),
        role=role_text,
        link=link,
        until=short_date(created.expires_at.date()),
        uses=created.max_uses,
    )
    await show(callback, text, keyboard([pb(_("btn-back"), PeopleAction.ORG, org_id=org_id)]))
    qr = io.BytesIO()
    segno.make(link, error="m").save(qr, kind="png", scale=8, border=2)
    caption = _("invite-qr-caption", org=escape(created.org_name), role=role_text)
    await bot.send_photo(
        callback.from_user.id, BufferedInputFile(qr.getvalue(), filename="invite.png"), caption=caption
    )


@router.callback_query(PeopleButton.filter(F.action == PeopleAction.INVITES))
async def open_invites(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    await _invites(callback, callback_data.org_id, viewer, _, people)


@router.callback_query(PeopleButton.filter(F.action == PeopleAction.REVOKE))
async def revoke(
    callback: CallbackQuery, callback_data: PeopleButton, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    await people.revoke(viewer, callback_data.number)
    await callback.answer(_("invite-revoked"), show_alert=True)
    await _invites(callback, callback_data.org_id, viewer, _, people)


async def _invites(
    callback: CallbackQuery, org_id: int, viewer: Viewer, _: Translator, people: PeopleService
) -> None:
    invites = await people.open_invites(viewer, org_id)
    lines = [_("invites-title", org=escape((await people.org_name(org_id)) or ""))]
    rows = []
    for invite in invites[:PAGE_SIZE]:
        role = _(f"role-{invite.role.value}")
        until = short_date(invite.expires_at.date())
        lines.append(_("invites-line", role=role, used=invite.uses, max=invite.max_uses, until=until))
        revoke = _("btn-revoke", role=role, uses=f"{invite.uses}/{invite.max_uses}")
        rows.append([pb(revoke, PeopleAction.REVOKE, org_id=org_id, number=invite.id)])
    if not invites:
        lines.append(_("invites-none"))
    rows.append([pb(_("btn-back"), PeopleAction.ORG, org_id=org_id)])
    await show(callback, "\n".join(lines), keyboard(*rows))
