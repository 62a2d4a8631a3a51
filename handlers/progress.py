"""/progress for admins, observers and heads: a plan → its bar and counts → by section, by
district, by organisation (worst first), paged; one message edited in place."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    FSInputFile,
    InlineKeyboardButton,
    InputMediaPhoto,
    Message,
)

from bot.callback_data import BrowseAction, BrowseButton, ProgressAction, ProgressButton
from bot.i18n import Translator
from handlers.filters import HasRole, Member, MenuButton
from handlers.progress_view import render_line, render_plan
from handlers.screens import PAGE_SIZE, button, keyboard, paginate, show
from services.charts import completion_chart, weekly_chart
from services.export_audit import write_audit_csv
from services.export_docx import docx_of, write_docx
from services.export_xlsx import write_xlsx_apart
from services.exports import ExportService
from services.offload import in_own_process
from services.permissions import Role
from services.progress import PlanProgress, ProgressService, Tally, WeeklyReports
from services.users import Viewer

router = Router(name=__name__)
router.message.filter(Member())
router.callback_query.filter(Member())
WATCHERS = HasRole(Role.ADMIN, Role.OBSERVER, Role.HEAD)


def pg(text: str, action: ProgressAction, **values: Any) -> InlineKeyboardButton:
    return button(text, ProgressButton(action=action, **values))


@router.message(Command("progress"), WATCHERS)
@router.message(MenuButton("btn-progress"), WATCHERS)
async def progress_command(
    message: Message, viewer: Viewer, _: Translator, progress: ProgressService
) -> None:
    await _plans(message, viewer, _, progress, 0)


@router.message(Command("progress"))
@router.message(MenuButton("btn-progress"))
async def not_a_watcher(message: Message, _: Translator) -> None:
    await message.answer(_("error-access-denied"))


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.PLANS), WATCHERS)
async def plans_page(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    viewer: Viewer,
    _: Translator,
    progress: ProgressService,
) -> None:
    await _plans(callback, viewer, _, progress, callback_data.page)


async def _plans(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, progress: ProgressService, page: int
) -> None:
    plans = await progress.plans(viewer)
    if not plans:
        await show(event, _("progress-no-plans"), None)
        return
    shown = paginate(plans, page)
    rows = [[pg(f"📊 {plan.title[:56]}", ProgressAction.PLAN, plan_id=plan.plan_id)] for plan in shown.items]
    if pager := shown.pager(lambda text, number: pg(text, ProgressAction.PLANS, page=number)):
        rows.append(pager)
    await show(event, f"{_('progress-title')}\n{_('progress-choose-plan')}", keyboard(*rows))


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.PLAN), WATCHERS)
async def plan_summary(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    viewer: Viewer,
    _: Translator,
    progress: ProgressService,
) -> None:
    found = await progress.plan(viewer, callback_data.plan_id)
    plan_id = callback_data.plan_id
    views = [pg(_("btn-progress-sections"), ProgressAction.SECTIONS, plan_id=plan_id)]
    if found.districts:
        views.append(pg(_("btn-progress-districts"), ProgressAction.DISTRICTS, plan_id=plan_id))
    views.append(pg(_("btn-progress-orgs"), ProgressAction.ORGS, plan_id=plan_id))
    rows = [
        views,
        [pg(_("btn-progress-charts"), ProgressAction.CHARTS, plan_id=plan_id)],
        [
            pg(_("btn-progress-docx"), ProgressAction.DOCX, plan_id=plan_id),
            pg(_("btn-progress-export"), ProgressAction.EXPORT, plan_id=plan_id),
        ],
        [pg(_("btn-progress-audit"), ProgressAction.AUDIT, plan_id=plan_id)],
        [pg(_("btn-back"), ProgressAction.PLANS)],
    ]
    await show(callback, render_plan(found, _), keyboard(*rows))


@dataclass(frozen=True)
class TallyList:
    """What a list shows: its heading, its lines, and where a line's button leads (if anywhere)."""

    heading: str
    tallies: Callable[[PlanProgress], list[Tally]]
    drill: Callable[[int, int], CallbackData] | None = None  # (plan id, the line's key)


LISTS: dict[ProgressAction, TallyList] = {
    # A section opens its items in /plans, and an item its card: who has not reported.
    ProgressAction.SECTIONS: TallyList(
        "progress-by-sections",
        lambda p: p.sections,
        lambda plan_id, key: BrowseButton(action=BrowseAction.SECTION, plan_id=plan_id, section_id=key),
    ),
    ProgressAction.DISTRICTS: TallyList("progress-by-districts", lambda p: p.districts),
    ProgressAction.ORGS: TallyList("progress-by-orgs", lambda p: p.orgs),
}


@router.callback_query(ProgressButton.filter(F.action.in_(set(LISTS))), WATCHERS)
async def tally_list(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    viewer: Viewer,
    _: Translator,
    progress: ProgressService,
) -> None:
    found = await progress.plan(viewer, callback_data.plan_id)
    shown_list = LISTS[callback_data.action]
    shown = paginate(shown_list.tallies(found), callback_data.page)
    first = shown.number * PAGE_SIZE + 1
    lines = [_(shown_list.heading, title=escape(found.plan.title)), ""]
    lines += [render_line(n, tally, _) for n, tally in enumerate(shown.items, start=first)]
    plan_id = callback_data.plan_id
    drill = shown_list.drill
    rows = [
        [button(f"{n}. {tally.name[:48]}", drill(plan_id, tally.key))]
        for n, tally in enumerate(shown.items, start=first)
        if drill is not None and tally.key is not None
    ]
    if pager := shown.pager(
        lambda text, number: pg(text, callback_data.action, plan_id=plan_id, page=number)
    ):
        rows.append(pager)
    rows.append([pg(_("btn-back"), ProgressAction.PLAN, plan_id=plan_id)])
    await show(callback, "\n".join(lines), keyboard(*rows))


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.EXPORT), WATCHERS)
async def export_xlsx(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    exports: ExportService,
    data_dir: Path,
) -> None:
    """The execution report as XLSX, written in a process of its own (the bot keeps answering)."""
    export = await exports.gather(viewer, callback_data.plan_id)
    await callback.answer(_("progress-export-building"))
    name = f"plan-{export.plan.plan_id}-{export.today.isoformat()}.xlsx"
    caption = _("progress-export-caption", title=escape(export.plan.title[:200]))
    await _send_file(
        bot, callback.from_user.id, data_dir, name, caption, lambda path: write_xlsx_apart(export, path, _)
    )


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.DOCX), WATCHERS)
async def export_docx(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    exports: ExportService,
    data_dir: Path,
) -> None:
    """«Информация о ходе выполнения» in the plan's own layout, with the reports' photos."""
    document = await exports.report_document(viewer, callback_data.plan_id)
    await callback.answer(_("progress-export-building"))
    book = docx_of(document, data_dir / "evidence", _)
    plan = document.export.plan
    name = f"plan-{plan.plan_id}-{document.export.today.isoformat()}.docx"
    caption = _("progress-export-caption", title=escape(plan.title[:200]))
    await _send_file(
        bot,
        callback.from_user.id,
        data_dir,
        name,
        caption,
        lambda path: in_own_process(write_docx, book, path),
    )


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.AUDIT), WATCHERS)
async def export_audit(
    callback: CallbackQuery,
    callback_data: ProgressButton,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    exports: ExportService,
    data_dir: Path,
) -> None:
    audit = await exports.audit(viewer, callback_data.plan_id)
    await callback.answer(_("progress-export-building"))
    caption = _("progress-audit-caption", title=escape(audit.plan.title[:200]))
    await _send_file(
        bot,
        callback.from_user.id,
        data_dir,
        f"plan-{audit.plan.plan_id}-audit.csv",
        caption,
        lambda path: asyncio.to_thread(write_audit_csv, audit, path, _),
    )


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


async def _send_file(
    bot: Bot,
    chat_id: int,
    data_dir: Path,
    name: str,
    caption: str,
    write: Callable[[Path], Awaitable[Path]],
) -> None:
    """A file written off the event loop, sent as a document; gone from the disk once sent."""
    path = data_dir / "exports" / f"{uuid.uuid4().hex}-{name}"
    try:
        await write(path)
        await bot.send_document(chat_id, FSInputFile(path, filename=name), caption=caption)
    finally:
        await asyncio.to_thread(path.unlink, missing_ok=True)


@router.callback_query(ProgressButton.filter())
async def not_a_watcher_press(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("error-access-denied"), show_alert=True)
