"""Importing a plan file: an admin (a regional plan) or a head (their organisation's own plan)
sends the file, sees a preview, may correct its title and period, confirms.

The file itself is kept in DATA_DIR/imports until the importer decides, and only its hash and
the corrections travel in the conversation state, so a restart between preview and
confirmation loses nothing and the state stays small.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import BaseFilter, Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.types import Document as TgDocument

from bot.callback_data import ImportButton, ImportChoice
from bot.i18n import Translator
from bot.text import chunk_lines
from handlers.filters import HasRole, Member, MenuButton, MenuText
from handlers.plan_import_view import preview_keyboard, render_details, render_preview, render_saved
from services.permissions import Role
from services.plan_import import PlanImportService
from services.plans import PARSE_SECONDS, SUPPORTED_EXTENSIONS, PlanFileError, parse_plan
from services.plans.heading import MAX_TITLE, period_from_input
from services.plans.model import ParsedPlan, Period
from services.plans.readers import MAX_FILE_BYTES
from services.users import Viewer

router = Router(name=__name__)
PARSE_TIMEOUT = 6.0  # the parser stops itself at 5 s; this is the backstop
MIN_TITLE = 3


class ImportPlan(StatesGroup):
    waiting_for_file = State()
    confirming = State()
    editing_title = State()
    editing_period = State()


MAY_IMPORT = HasRole(Role.ADMIN, Role.HEAD)  # the service decides where: a region's plan or a centre's own


def _extension(name: str | None) -> str:
    return name.rsplit(".", 1)[-1].lower() if name and "." in name else ""


def _stored_path(data_dir: Path, sha: str, extension: str) -> Path:
    return data_dir / "imports" / f"{sha}.{extension}"


@router.message(Command("import"), Member(), MAY_IMPORT)
@router.message(MenuButton("btn-import-plan"), Member(), MAY_IMPORT)
async def ask_for_file(message: Message, viewer: Viewer, _: Translator, state: FSMContext) -> None:
    await state.set_state(ImportPlan.waiting_for_file)
    own = not viewer.has_role(Role.ADMIN)
    await message.answer(_("import-send-file") + ("\n" + _("import-own-plan-note") if own else ""))


@router.message(Command("import"), Member())
@router.message(MenuButton("btn-import-plan"), Member())
async def may_not_import(message: Message, _: Translator) -> None:
    await message.answer(_("error-access-denied"))


class PlanDocument(BaseFilter):
    """An admin's document with a plan-like extension, sent outside any conversation."""

    async def __call__(self, message: Message) -> bool:
        return message.document is not None and _extension(message.document.file_name) in SUPPORTED_EXTENSIONS


@router.message(ImportPlan.waiting_for_file, F.document, ~MAY_IMPORT)
async def not_an_importer(message: Message, _: Translator, state: FSMContext) -> None:
    await message.answer(_("error-access-denied"))
    await state.clear()


@router.message(ImportPlan.waiting_for_file, F.document)
@router.message(ImportPlan.confirming, F.document, MAY_IMPORT)
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
    await state.set_state(ImportPlan.confirming)
    await state.set_data({"import_sha": sha, "import_name": name})
    await _show_preview(message, viewer, _, state, plan_import, parsed)


async def _show_preview(
    message: Message,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    plan_import: PlanImportService,
    parsed: ParsedPlan,
) -> None:
    data = await state.get_data()
    summary = await plan_import.preview(viewer, parsed)
    sent = await message.answer(
        render_preview(summary, parsed, str(data["import_name"]), _),
        reply_markup=preview_keyboard(str(data["import_sha"]), summary.warnings, _),
    )
    await state.update_data(import_preview=sent.message_id)


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
            "corrections": corrections_of(data),
        }


IMPORTER_PRESS = (MAY_IMPORT, PendingImport())


def corrections_of(data: dict[str, Any]) -> dict[str, Any]:
    """The title and period the importer typed in the preview, as `parse_plan` takes them."""
    found: dict[str, Any] = {}
    if data.get("import_title"):
        found["title"] = str(data["import_title"])
    if data.get("import_period"):
        start, end, school = data["import_period"]
        found["period"] = Period(date.fromisoformat(start), date.fromisoformat(end), bool(school))
    return found


@router.callback_query(ImportButton.filter(F.action == ImportChoice.CANCEL), *IMPORTER_PRESS)
async def cancel_import(callback: CallbackQuery, _: Translator, state: FSMContext, import_path: Path) -> None:
    await state.clear()
    await asyncio.to_thread(import_path.unlink, missing_ok=True)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(_("import-cancelled"))


def _copy_gone(_event: object, import_path: Path) -> bool:
    return not import_path.exists()


@router.callback_query(ImportButton.filter(), *IMPORTER_PRESS, _copy_gone)
async def file_gone(callback: CallbackQuery, _: Translator, state: FSMContext) -> None:
    """The stored copy is gone (cleaned up by hand): start over."""
    await state.clear()
    await callback.answer(_("import-stale"), show_alert=True)


async def _parsed(import_name: str, import_path: Path, corrections: dict[str, Any]) -> ParsedPlan:
    data = await asyncio.to_thread(import_path.read_bytes)
    return await asyncio.to_thread(functools.partial(parse_plan, import_name, data, **corrections))


@router.callback_query(ImportButton.filter(F.action == ImportChoice.WARNINGS), *IMPORTER_PRESS)
async def warnings(
    callback: CallbackQuery,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    plan_import: PlanImportService,
    import_name: str,
    import_path: Path,
    corrections: dict[str, Any],
) -> None:
    parsed = await _parsed(import_name, import_path, corrections)
    await callback.answer()
    summary = await plan_import.preview(viewer, parsed)
    for chunk in chunk_lines(render_details(summary, parsed, _)):
        await bot.send_message(callback.from_user.id, chunk)


@router.callback_query(ImportButton.filter(F.action == ImportChoice.SAVE), *IMPORTER_PRESS)
async def save(
    callback: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    plan_import: PlanImportService,
    import_sha: str,
    import_name: str,
    import_path: Path,
    corrections: dict[str, Any],
) -> None:
    parsed = await _parsed(import_name, import_path, corrections)
    summary = await plan_import.save(viewer, parsed, source_name=import_name, sha256=import_sha)
    await state.clear()
    await callback.answer()
    await asyncio.to_thread(import_path.unlink, missing_ok=True)
    if isinstance(callback.message, Message):  # the buttons go away with the edit: no second save
        await callback.message.edit_text(f"{callback.message.html_text}\n\n{render_saved(summary, _)}")


def _read_title(text: str) -> dict[str, Any] | None:
    title = " ".join(text.split())
    return {"import_title": title} if MIN_TITLE <= len(title) <= MAX_TITLE else None


def _read_period(text: str) -> dict[str, Any] | None:
    period = period_from_input(text)
    if period is None:
        return None
    return {"import_period": [period.start.isoformat(), period.end.isoformat(), period.school_year]}


@dataclass(frozen=True)
class Correction:
    """What a preview's ✏️ button asks for, and how the answer is read (None: it is no answer)."""

    state: State
    ask: str
    bad: str
    read: Callable[[str], dict[str, Any] | None]


CORRECTIONS = {
    ImportChoice.TITLE: Correction(
        ImportPlan.editing_title, "import-edit-title-ask", "import-edit-title-bad", _read_title
    ),
    ImportChoice.PERIOD: Correction(
        ImportPlan.editing_period, "import-edit-period-ask", "import-edit-period-bad", _read_period
    ),
}
CORRECTION_OF_STATE = {c.state.state: c for c in CORRECTIONS.values()}
CORRECTING = StateFilter(*(c.state for c in CORRECTIONS.values()))


@router.callback_query(ImportButton.filter(F.action.in_(set(CORRECTIONS))), *IMPORTER_PRESS)
async def ask_correction(
    callback: CallbackQuery, callback_data: ImportButton, _: Translator, state: FSMContext
) -> None:
    correction = CORRECTIONS[callback_data.action]
    await state.set_state(correction.state)
    await callback.answer()
    await callback.bot.send_message(callback.from_user.id, _(correction.ask))  # type: ignore[union-attr]


@router.message(CORRECTING, MenuText())
async def left_the_question(_message: Message, state: FSMContext) -> None:
    """A menu button instead of an answer: the preview waits again, and the button does its job."""
    await state.set_state(ImportPlan.confirming)
    raise SkipHandler


# `~MenuText()` again: the state filter still sees the state the update came in with.
@router.message(CORRECTING, F.text, ~MenuText())
async def correction_typed(
    message: Message,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    raw_state: str,
    plan_import: PlanImportService,
    data_dir: Path,
) -> None:
    correction = CORRECTION_OF_STATE[raw_state]
    update = correction.read(message.text or "")
    if update is None:
        await message.answer(_(correction.bad, min=MIN_TITLE, max=MAX_TITLE))
        return
    await state.update_data(update)
    await _corrected(message, viewer, _, state, plan_import, data_dir)


@router.message(CORRECTING, ~MenuText())
async def not_text(message: Message, _: Translator) -> None:
    await message.answer(_("import-edit-need-text"))


async def _corrected(
    message: Message,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    plan_import: PlanImportService,
    data_dir: Path,
) -> None:
    """The preview again, with the correction; the old preview's buttons go."""
    data = await state.get_data()
    name, sha = str(data.get("import_name", "plan")), str(data.get("import_sha", ""))
    path = _stored_path(data_dir, sha, _extension(name))
    if not sha or not path.exists():
        await state.clear()
        await message.answer(_("import-stale"))
        return
    await state.set_state(ImportPlan.confirming)
    if data.get("import_preview"):
        with contextlib.suppress(TelegramBadRequest):
            await message.bot.edit_message_reply_markup(  # type: ignore[union-attr]
                chat_id=message.chat.id, message_id=int(data["import_preview"]), reply_markup=None
            )
    await _show_preview(
        message, viewer, _, state, plan_import, await _parsed(name, path, corrections_of(data))
    )


@router.callback_query(ImportButton.filter(), MAY_IMPORT)
async def stale(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("import-stale"), show_alert=True)


@router.callback_query(ImportButton.filter())
async def not_admin_press(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("error-access-denied"), show_alert=True)
