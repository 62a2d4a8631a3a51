"""Importing a plan file: an admin sends the file, sees a preview, confirms.

The file itself is kept in DATA_DIR/imports until the admin decides, and only its hash
travels in the conversation state, so a restart between preview and confirmation loses
nothing and the state stays small.
"""

from __future__ import annotations

import asyncio
import hashlib
from html import escape
from pathlib import Path
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import BaseFilter, Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.types import Document as TgDocument

from bot.callback_data import ImportButton, ImportChoice
from bot.i18n import Translator
from bot.text import chunk_lines
from handlers.filters import HasRole, Member, MenuButton
from handlers.plan_import_view import preview_keyboard, render_details, render_preview, render_saved
from services.permissions import Role
from services.plan_import import PlanImportService
from services.plans import PARSE_SECONDS, SUPPORTED_EXTENSIONS, PlanFileError, parse_plan
from services.plans.model import ParsedPlan
from services.plans.readers import MAX_FILE_BYTES
from services.users import Viewer

router = Router(name=__name__)
PARSE_TIMEOUT = 6.0  # the parser stops itself at 5 s; this is the backstop


class ImportPlan(StatesGroup):
    waiting_for_file = State()
    confirming = State()


def _extension(name: str | None) -> str:
    return name.rsplit(".", 1)[-1].lower() if name and "." in name else ""


def _stored_path(data_dir: Path, sha: str, extension: str) -> Path:
    return data_dir / "imports" / f"{sha}.{extension}"


@router.message(Command("import"), Member())
@router.message(MenuButton("btn-import-plan"), Member())
async def ask_for_file(message: Message, viewer: Viewer, _: Translator, state: FSMContext) -> None:
    if not viewer.has_role(Role.ADMIN):
        await message.answer(_("error-access-denied"))
        return
    await state.set_state(ImportPlan.waiting_for_file)
    await message.answer(_("import-send-file"))


class PlanDocument(BaseFilter):
    """An admin's document with a plan-like extension, sent outside any conversation."""

    async def __call__(self, message: Message) -> bool:
        return message.document is not None and _extension(message.document.file_name) in SUPPORTED_EXTENSIONS


@router.message(ImportPlan.waiting_for_file, F.document, ~HasRole(Role.ADMIN))
async def not_an_admin(message: Message, _: Translator, state: FSMContext) -> None:
    await message.answer(_("error-access-denied"))
    await state.clear()


@router.message(ImportPlan.waiting_for_file, F.document)
@router.message(ImportPlan.confirming, F.document, HasRole(Role.ADMIN))
@router.message(F.document, HasRole(Role.ADMIN), PlanDocument())
async def receive_file(
    message: Message,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    plan_import: PlanImportService,
    data_dir: Path,
) -> None:
    document: TgDocument = message.document  # type: ignore[assignment]
    name = document.file_name or "plan"
    if _extension(name) not in SUPPORTED_EXTENSIONS:
        await message.answer(_("import-not-supported"))
        return
    if (document.file_size or 0) > MAX_FILE_BYTES:
        await message.answer(_("import-too-big", limit=MAX_FILE_BYTES // (1024 * 1024)))
        return
    await bot.send_chat_action(message.chat.id, "typing")
    buffer = await bot.download(document.file_id)
    data = buffer.read() if buffer else b""
    parsed = await _parse_or_explain(message, name, data, _)
    if parsed is None:
        await state.set_state(ImportPlan.waiting_for_file)
        return
    sha = await _keep(data_dir, name, data)
    summary = await plan_import.preview(viewer, parsed)
    await state.set_state(ImportPlan.confirming)
    await state.update_data(import_sha=sha, import_name=name)
    await message.answer(
        render_preview(summary, parsed, name, _), reply_markup=preview_keyboard(sha, summary.warnings, _)
    )


async def _keep(data_dir: Path, name: str, data: bytes) -> str:
    """The file, stored under its hash until the admin decides; the hash."""
    sha = hashlib.sha256(data).hexdigest()
    path = _stored_path(data_dir, sha, _extension(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(path.write_bytes, data)
    return sha


async def _parse_or_explain(message: Message, name: str, data: bytes, _: Translator) -> ParsedPlan | None:
    try:
        return await asyncio.wait_for(asyncio.to_thread(parse_plan, name, data), PARSE_TIMEOUT)
    except PlanFileError as exc:
        reason = _(f"import-error-{exc.code}", **exc.params)
    except TimeoutError:
        reason = _("import-error-too-slow", seconds=f"{PARSE_SECONDS:g}")
    await message.answer(f"{_('import-failed', reason=escape(reason))}\n{_('import-try-again')}")
    return None


@router.message(ImportPlan.waiting_for_file, ~F.document)
async def not_a_file(message: Message, _: Translator) -> None:
    await message.answer(_("import-need-file"))


class PendingImport(BaseFilter):
    """A press on the preview of the file this admin is deciding on; hands the handler its
    `import_sha`, `import_name` and stored `import_path`."""

    async def __call__(
        self, _event: object, callback_data: ImportButton, state: FSMContext, data_dir: Path
    ) -> bool | dict[str, Any]:
        data = await state.get_data()
        sha = str(data.get("import_sha", ""))
        if (
            await state.get_state() != ImportPlan.confirming.state
            or not sha
            or not sha.startswith(callback_data.token)
        ):
            return False
        name = str(data.get("import_name", "plan"))
        return {
            "import_sha": sha,
            "import_name": name,
            "import_path": _stored_path(data_dir, sha, _extension(name)),
        }


ADMIN_PRESS = (HasRole(Role.ADMIN), PendingImport())


@router.callback_query(ImportButton.filter(F.action == ImportChoice.CANCEL), *ADMIN_PRESS)
async def cancel_import(callback: CallbackQuery, _: Translator, state: FSMContext, import_path: Path) -> None:
    await state.clear()
    await asyncio.to_thread(import_path.unlink, missing_ok=True)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(_("import-cancelled"))


def _copy_gone(_event: object, import_path: Path) -> bool:
    return not import_path.exists()


@router.callback_query(ImportButton.filter(), *ADMIN_PRESS, _copy_gone)
async def file_gone(callback: CallbackQuery, _: Translator, state: FSMContext) -> None:
    """The stored copy is gone (cleaned up by hand): start over."""
    await state.clear()
    await callback.answer(_("import-stale"), show_alert=True)


async def _parsed(import_name: str, import_path: Path) -> ParsedPlan:
    return await asyncio.to_thread(parse_plan, import_name, await asyncio.to_thread(import_path.read_bytes))


@router.callback_query(ImportButton.filter(F.action == ImportChoice.WARNINGS), *ADMIN_PRESS)
async def warnings(
    callback: CallbackQuery,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    plan_import: PlanImportService,
    import_name: str,
    import_path: Path,
) -> None:
    parsed = await _parsed(import_name, import_path)
    await callback.answer()
    summary = await plan_import.preview(viewer, parsed)
    for chunk in chunk_lines(render_details(summary, parsed, _)):
        await bot.send_message(callback.from_user.id, chunk)


@router.callback_query(ImportButton.filter(F.action == ImportChoice.SAVE), *ADMIN_PRESS)
async def save(
    callback: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    plan_import: PlanImportService,
    import_sha: str,
    import_name: str,
    import_path: Path,
) -> None:
    parsed = await _parsed(import_name, import_path)
    summary = await plan_import.save(viewer, parsed, source_name=import_name, sha256=import_sha)
    await state.clear()
    await callback.answer()
    await asyncio.to_thread(import_path.unlink, missing_ok=True)
    if isinstance(callback.message, Message):  # the buttons go away with the edit: no second save
        await callback.message.edit_text(f"{callback.message.html_text}\n\n{render_saved(summary, _)}")


@router.callback_query(ImportButton.filter(), HasRole(Role.ADMIN))
async def stale(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("import-stale"), show_alert=True)


@router.callback_query(ImportButton.filter())
async def not_admin_press(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("error-access-denied"), show_alert=True)
