"""/start, /help, /menu, /cancel: the entry points every user has."""

from __future__ import annotations

from html import escape

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callback_data import SwitchRoleButton
from bot.commands import CommandRegistry
from bot.i18n import Translator
from bot.notices import NoticeCoalescer
from handlers.filters import MenuButton, Registered
from handlers.menu import main_menu_keyboard, main_menu_text
from handlers.screens import button, keyboard
from services.people import InviteError, Joined, PeopleService
from services.users import TelegramProfile, UserService, Viewer

router = Router(name=__name__)


@router.message(CommandStart(deep_link=True), Registered())
async def start_with_invite(
    message: Message,
    command: CommandObject,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    commands: CommandRegistry,
    people: PeopleService,
    users: UserService,
    bot: Bot,
    join_notices: NoticeCoalescer,
) -> None:
    """`/start <token>` from an invite link: join the organisation, tell whoever invited."""
    await state.clear()
    try:
        joined = await people.accept(viewer.user_id, command.args or "")
    except InviteError as exc:
        await message.answer(_(exc.message_key), reply_markup=main_menu_keyboard(viewer, _))
        return
    role = _(f"role-{joined.role.value}")
    # The membership is in this update's session: read the viewer again to draw the new menu.
    fresh = await users.reload(
        TelegramProfile(viewer.tg_id, viewer.first_name, language_code=viewer.language_code)
    )
    key = "invite-already" if joined.already_member else "invite-joined"
    await message.answer(
        f"{_(key, org=escape(joined.org_name), role=role)}\n\n{main_menu_text(fresh, _)}",
        reply_markup=main_menu_keyboard(fresh, _),
    )
    await commands.set_for_chat(bot, message.chat.id, fresh, _.locale)
    if joined.inviter_tg_id and not joined.already_member:
        await _tell_inviter(joined.inviter_tg_id, joined, viewer, role, _, join_notices)


async def _tell_inviter(
    inviter: int, joined: Joined, viewer: Viewer, role: str, _: Translator, join_notices: NoticeCoalescer
) -> None:
    org = escape(joined.org_name)
    notice = _("invite-joined-notify", name=escape(viewer.first_name), org=org, role=role)
    # Per link: one message for the first join, then one summary per few minutes, so a 50-use
    # link in a staff chat does not queue fifty messages to the inviter.
    await join_notices.notify(
        inviter,
        ("joined", joined.invite_id),
        notice,
        lambda count: _("invite-joined-summary", count=count, org=org),
    )


@router.message(CommandStart())
async def start(
    message: Message, viewer: Viewer | None, _: Translator, state: FSMContext, commands: CommandRegistry
) -> None:
    await state.clear()
    name = escape(
        viewer.first_name if viewer else (message.from_user.first_name if message.from_user else "")
    )
    await message.answer(
        f"{_('start-greeting', name=name)}\n\n{main_menu_text(viewer, _)}",
        reply_markup=main_menu_keyboard(viewer, _),
    )
    if viewer is not None:
        await commands.set_for_chat(message.bot, message.chat.id, viewer, _.locale)


@router.message(Command("menu"))
async def menu(message: Message, viewer: Viewer | None, _: Translator) -> None:
    await message.answer(main_menu_text(viewer, _), reply_markup=main_menu_keyboard(viewer, _))


@router.message(Command("help"))
@router.message(MenuButton("btn-help"))
async def help_(message: Message, _: Translator) -> None:
    await message.answer(_("help-text"))


@router.message(Command("cancel"))
@router.message(MenuButton("btn-cancel"))
async def cancel(message: Message, viewer: Viewer | None, _: Translator, state: FSMContext) -> None:
    if await state.get_state() is None:
        await message.answer(_("cancel-nothing"), reply_markup=main_menu_keyboard(viewer, _))
        return
    await state.clear()
    await message.answer(_("cancel-done"), reply_markup=main_menu_keyboard(viewer, _))


@router.message(Command("switch"))
@router.message(MenuButton("btn-switch"))
async def switch_menu(message: Message, viewer: Viewer | None, _: Translator) -> None:
    if viewer is None or len(viewer.memberships) < 2:
        await message.answer(_("switch-single"))
        return
    active = viewer.active
    rows = [
        [
            button(
                ("✅ " if active and m.id == active.id else "")
                + _("switch-line", role=_(f"role-{m.role.value}"), org=m.org_name)[:60],
                SwitchRoleButton(membership_id=m.id),
            )
        ]
        for m in viewer.memberships
    ]
    await message.answer(_("switch-title"), reply_markup=keyboard(*rows))


@router.callback_query(SwitchRoleButton.filter(), Registered())
async def switch_to(
    callback: CallbackQuery,
    callback_data: SwitchRoleButton,
    viewer: Viewer,
    _: Translator,
    users: UserService,
    bot: Bot,
    commands: CommandRegistry,
) -> None:
    profile = TelegramProfile(viewer.tg_id, viewer.first_name, language_code=viewer.language_code)
    fresh = await users.switch(viewer, callback_data.membership_id, profile)
    active = fresh.active
    assert active is not None
    await callback.answer()
    text = _("switch-done", role=_(f"role-{active.role.value}"), org=escape(active.org_name))
    await bot.send_message(
        callback.from_user.id,
        f"{text}\n\n{main_menu_text(fresh, _)}",
        reply_markup=main_menu_keyboard(fresh, _),
    )
    await commands.set_for_chat(bot, callback.from_user.id, fresh, _.locale)
