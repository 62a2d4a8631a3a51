"""/start, /help, /menu, /cancel: the entry points every user has."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.commands import CommandRegistry
from bot.i18n import Translator
from handlers.filters import MenuButton
from handlers.menu import main_menu_keyboard, main_menu_text
from services.users import Viewer

router = Router(name=__name__)


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
