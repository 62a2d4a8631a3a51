"""The files of /progress, each made off the event loop and sent to the user: the execution
report (XLSX, DOCX), the evidence (ZIP in parts), the audit trail (CSV) and the charts (an album
of PNGs)."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from html import escape
from pathlib import Path

from aiogram import Bot, F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, FSInputFile, InputMediaPhoto

from bot.callback_data import ProgressAction, ProgressButton
from bot.export_files import audit_file, docx_file, send_file, xlsx_file
from bot.i18n import Translator
from handlers.filters import WATCHES_PROGRESS, Member
from services.charts import completion_chart, weekly_chart
from services.evidence import EvidenceStore
from services.export_zip import entries_of, write_evidence_zip
from services.exports import ExportService
from services.progress import ProgressService, WeeklyReports
from services.users import Viewer

router = Router(name=__name__)
router.message.filter(Member())
router.callback_query.filter(Member())
WATCHERS = WATCHES_PROGRESS


ONE_FILE = {ProgressAction.EXPORT: xlsx_file, ProgressAction.DOCX: docx_file, ProgressAction.AUDIT: audit_file}


@router.callback_query(ProgressButton.filter(F.action.in_(set(ONE_FILE))), WATCHERS)
async def one_file(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    exports: ExportService,
    data_dir: Path,
) -> None:
    """A file written off the event loop, sent as a document; gone from the disk once sent."""
    made = await ONE_FILE[callback_data.action](exports, viewer, callback_data.plan_id, data_dir, _)
    await callback.answer(_("progress-export-building"))
    await send_file(bot, callback.from_user.id, made, data_dir / "exports")


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.ZIP), WATCHERS)
async def export_zip(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    exports: ExportService,
    data_dir: Path,
) -> None:
    """Every report's files in folders, in parts under the upload limit, each sent as a document."""
    plan, records = await exports.evidence(viewer, callback_data.plan_id)
    if not records:
        await callback.answer(_("progress-zip-empty"), show_alert=True)
        return
    await callback.answer(_("progress-export-building"))
    entries = entries_of(records, EvidenceStore(data_dir / "evidence"), _)
    header = tuple(_(f"export-zip-col-{c}") for c in ("file", "org", "status", "sha256"))
    folder = data_dir / "exports" / uuid.uuid4().hex
    try:
        parts = await asyncio.to_thread(
            write_evidence_zip, entries, folder, f"plan-{plan.plan_id}-evidence", header
        )
        for number, part in enumerate(parts, start=1):
            caption = _("progress-zip-caption", title=escape(plan.title[:200]), part=number, parts=len(parts))
            await bot.send_document(
                callback.from_user.id, FSInputFile(part, filename=part.name), caption=caption
            )
    finally:
        await asyncio.to_thread(shutil.rmtree, folder, True)


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.CHARTS), WATCHERS)
async def charts(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    progress: ProgressService,
) -> None:
    """Three charts as one album: by section, by district (or organisation), reports per week;
    drawn in a worker thread so the bot keeps answering."""
    weekly = await progress.weekly(viewer, callback_data.plan_id)
    await callback.answer(_("progress-charts-drawing"))
    pictures = await asyncio.to_thread(_draw, weekly, _)
    title = escape(weekly.progress.plan.title[:200])
    album = [
        InputMediaPhoto(
            media=BufferedInputFile(png, filename=f"chart-{n}.png"),
            caption=_("progress-charts-caption", title=title) if n == 0 else None,
        )
        for n, png in enumerate(pictures)
    ]
    await bot.send_media_group(callback.from_user.id, album)  # type: ignore[arg-type]


def _draw(weekly: WeeklyReports, _: Translator) -> list[bytes]:
    found = weekly.progress
    by_place = (found.districts, "chart-by-districts") if found.districts else (found.orgs, "chart-by-orgs")
    done = _("chart-done-axis")
    return [
        completion_chart(_("chart-by-sections"), found.sections, done),
        completion_chart(_(by_place[1]), by_place[0], done),
        weekly_chart(_("chart-weekly"), weekly.submitted, weekly.start, weekly.end, _("chart-reports-axis")),
    ]
