"""Importing a plan file: an admin sends the file, sees a preview, confirms."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.i18n import Translator
from db.models import Role
from handlers.filters import MenuButton
from services.users import Viewer

router = Router(name=__name__)


class ImportPlan(StatesGroup):
    waiting_for_file = State()


def _is_admin(viewer: Viewer | None) -> bool:
    return viewer is not None and viewer.has_role(Role.ADMIN)


@router.message(Command("import"))
@router.message(MenuButton("btn-import-plan"))
async def ask_for_file(message: Message, viewer: Viewer | None, _: Translator, state: FSMContext) -> None:
    if viewer is None or viewer.top_role is None:
        await message.answer(_("fallback-stranger"))
        return
    if not _is_admin(viewer):
        await message.answer(_("error-access-denied"))
        return
    await state.set_state(ImportPlan.waiting_for_file)
    await message.answer(_("import-send-file"))


@router.message(ImportPlan.waiting_for_file, ~F.document)
async def not_a_file(message: Message, _: Translator) -> None:
    await message.answer(_("import-need-file"))
