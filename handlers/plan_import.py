"""Importing a plan file: an admin sends the file, sees a preview, confirms.

The file itself is kept in DATA_DIR/imports until the admin decides, and only its hash
travels in the conversation state, so a restart between preview and confirmation loses
nothing and the state stays small.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from html import escape
from pathlib import Path

from aiogram import Bot, F, Router
from aiogram.filters import BaseFilter, Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.types import Document as TgDocument
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from db.models import Role
from db.repositories.plans import PlanRepo
from handlers.filters import HasRole, Member, MenuButton
from handlers.text import chunk_lines, fit_html, short_date
from services.clock import Clock
from services.plan_import import ImportSummary, PlanImportService
from services.plans import PARSE_SECONDS, SUPPORTED_EXTENSIONS, PlanFileError, parse_plan
from services.plans.model import ImportWarning, ParsedPlan
from services.plans.readers import MAX_FILE_BYTES
from services.users import Viewer

router = Router(name=__name__)
PARSE_TIMEOUT = 6.0  # the parser stops itself at 5 s; this is the backstop


class ImportPlan(StatesGroup):
    waiting_for_file = State()
    confirming = State()


class ImportAction(CallbackData, prefix="imp"):
    action: str  # save | warn | cancel
    token: str  # the first 16 hex digits of the file's sha256


def _is_admin(viewer: Viewer | None) -> bool:
    return viewer is not None and viewer.has_role(Role.ADMIN)


def _extension(name: str | None) -> str:
    return name.rsplit(".", 1)[-1].lower() if name and "." in name else ""


def _stored_path(data_dir: Path, sha: str, extension: str) -> Path:
    return data_dir / "imports" / f"{sha}.{extension}"


@router.message(Command("import"), Member())
@router.message(MenuButton("btn-import-plan"), Member())
async def ask_for_file(message: Message, viewer: Viewer, _: Translator, state: FSMContext) -> None:
    if not _is_admin(viewer):
        await message.answer(_("error-access-denied"))
        return
    await state.set_state(ImportPlan.waiting_for_file)
    await message.answer(_("import-send-file"))


class PlanDocument(BaseFilter):
    """An admin's document with a plan-like extension, sent outside any conversation."""

    async def __call__(self, message: Message) -> bool:
        return message.document is not None and _extension(message.document.file_name) in SUPPORTED_EXTENSIONS


@router.message(ImportPlan.waiting_for_file, F.document)
@router.message(ImportPlan.confirming, F.document, HasRole(Role.ADMIN))
@router.message(F.document, HasRole(Role.ADMIN), PlanDocument())
async def receive_file(
    message: Message,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    data_dir: Path,
) -> None:
    if not _is_admin(viewer):
        await message.answer(_("error-access-denied"))
        await state.clear()
        return
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

    sha = hashlib.sha256(data).hexdigest()
    path = _stored_path(data_dir, sha, _extension(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(path.write_bytes, data)
    summary = await PlanImportService(PlanRepo(session), clock).preview(viewer, parsed)
    await state.set_state(ImportPlan.confirming)
    await state.update_data(import_sha=sha, import_name=name)
    await message.answer(
        render_preview(summary, parsed, name, _), reply_markup=preview_keyboard(sha, summary.warnings, _)
    )


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


@router.callback_query(ImportAction.filter())
async def on_action(
    callback: CallbackQuery,
    callback_data: ImportAction,
    viewer: Viewer | None,
    _: Translator,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    data_dir: Path,
) -> None:
    data = await state.get_data()
    sha = str(data.get("import_sha", ""))
    current = await state.get_state()
    if not _is_admin(viewer):
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    if current != ImportPlan.confirming.state or not sha.startswith(callback_data.token) or not sha:
        await callback.answer(_("import-stale"), show_alert=True)
        return
    name = str(data.get("import_name", "plan"))
    path = _stored_path(data_dir, sha, _extension(name))
    message = callback.message if isinstance(callback.message, Message) else None

    if callback_data.action == "cancel":
        await state.clear()
        path.unlink(missing_ok=True)
        await callback.answer()
        if message:
            await message.edit_text(_("import-cancelled"))
        return

    if not path.exists():  # the stored copy is gone (cleaned up by hand): start over
        await state.clear()
        await callback.answer(_("import-stale"), show_alert=True)
        return
    content = await asyncio.to_thread(path.read_bytes)
    parsed = await asyncio.to_thread(parse_plan, name, content)
    service = PlanImportService(PlanRepo(session), clock)

    if callback_data.action == "warn":
        await callback.answer()
        summary = await service.preview(viewer, parsed)  # type: ignore[arg-type]
        for chunk in chunk_lines(render_details(summary, parsed, _)):
            await callback.bot.send_message(callback.from_user.id, chunk)  # type: ignore[union-attr]
        return

    summary = await service.save(viewer, parsed, source_name=name, sha256=sha)
    await state.clear()
    await callback.answer()
    path.unlink(missing_ok=True)
    if message:  # the buttons go away with the edit, so the plan cannot be saved twice
        await message.edit_text(f"{message.html_text}\n\n{render_saved(summary, _)}")


# ---- rendering (pure functions of the summary) ---------------------------------------------------


def preview_keyboard(sha: str, warnings: int, _: Translator) -> InlineKeyboardMarkup:
    token = sha[:16]
    rows = [
        [
            InlineKeyboardButton(
                text=_("btn-import-save"), callback_data=ImportAction(action="save", token=token).pack()
            )
        ]
    ]
    if warnings:
        rows.append(
            [
                InlineKeyboardButton(
                    text=_("btn-import-warnings", count=warnings),
                    callback_data=ImportAction(action="warn", token=token).pack(),
                )
            ]
        )
    rows.append(
        [
            InlineKeyboardButton(
                text=_("btn-import-cancel"), callback_data=ImportAction(action="cancel", token=token).pack()
            )
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def render_preview(summary: ImportSummary, parsed: ParsedPlan, file_name: str, _: Translator) -> str:
    lines = [
        _("import-preview-title", title=escape(summary.title))
        if summary.title
        else _("import-preview-no-title", file=escape(file_name))
    ]
    if parsed.period:
        lines.append(
            _(
                "import-preview-period",
                start=short_date(parsed.period.start),
                end=short_date(parsed.period.end),
            )
        )
    else:
        lines.append(_("import-preview-no-period"))
    lines.append(_("import-preview-counts", sections=summary.sections, items=summary.items))
    kinds = {kind: summary.kinds.get(kind, 0) for kind in ("window", "recurring", "ongoing", "unspecified")}
    lines.append(_("import-preview-kinds", **kinds))
    if summary.warnings:
        lines.append(_("import-preview-warnings", count=summary.warnings))
    diff = summary.diff
    if diff is None:
        lines.append(_("import-preview-new"))
    elif diff.is_empty:
        lines.append(_("import-preview-same"))
    else:
        lines.append(
            _(
                "import-preview-update",
                added=len(diff.added),
                removed=len(diff.removed),
                changed=len(diff.changed),
            )
        )
    lines.append("")
    lines.append(_("import-preview-confirm"))
    return fit_html("\n".join(lines))


def render_saved(summary: ImportSummary, _: Translator) -> str:
    if summary.diff is None:
        return _("import-saved", sections=summary.sections, items=summary.items)
    d = summary.diff
    return _("import-updated", added=len(d.added), removed=len(d.removed), changed=len(d.changed))


def render_warning(warning: ImportWarning, _: Translator) -> str:
    params: dict[str, object] = {
        key: int(value) if value.isdigit() else escape(localize_ref(value, _))
        for key, value in warning.params.items()
    }
    text = _(f"import-warning-{warning.code}", **params)
    return f"• {text} ({localize_ref(warning.where, _)})" if warning.where else f"• {text}"


def localize_ref(ref: str, _: Translator) -> str:
    return re.sub(r"\b(line|row|table|sheet|paragraph)\b", lambda m: _(f"ref-{m.group(1)}"), ref)


def render_details(summary: ImportSummary, parsed: ParsedPlan, _: Translator) -> list[str]:
    lines = [_("import-warnings-title")]
    lines += [render_warning(w, _) for w in parsed.warnings] or [_("import-warnings-none")]
    diff = summary.diff
    if diff is not None and not diff.is_empty:
        lines += ["", _("import-changes-title")]
        lines += [_("import-change-added", item=escape(x)) for x in diff.added]
        lines += [_("import-change-removed", item=escape(x)) for x in diff.removed]
        lines += [_("import-change-changed", item=escape(x)) for x in diff.changed]
    return lines
