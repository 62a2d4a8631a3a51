"""The report flow: files (one by one or as albums) → event date → participants → text → link →
summary with Edit / Submit / Cancel. The draft lives in the persisted conversation state, so a
restart continues where the user was; `/cancel` ends it at any step.

Quick path: a photo sent outside any flow asks which task it is for.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from rapidfuzz import fuzz, process, utils
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import I18n, Translator
from handlers.albums import AlbumCollector
from handlers.filters import Member
from handlers.notify import notify
from handlers.report_view import Rp, Rv, summary_lines
from handlers.text import short_date
from services.clock import Clock
from services.evidence import MAX_FILE_BYTES, EvidenceStore, FileTooBig, IncomingFile, check_declared_size
from services.reports import (
    MAX_FILES,
    Draft,
    ReportService,
    TooManyFiles,
    check_text,
    parse_event_date,
    parse_link,
    parse_participants,
)
from services.tasks import Group, TaskService
from services.users import Viewer

router = Router(name=__name__)


class ReportFlow(StatesGroup):
    files = State()
    date = State()
    participants = State()
    text = State()
    link = State()
    summary = State()
    quick = State()  # photos sent outside a flow, waiting to be told which task they are for


ORDER = [ReportFlow.files, ReportFlow.date, ReportFlow.participants, ReportFlow.text, ReportFlow.link]
FIELDS = {
    "files": ReportFlow.files,
    "date": ReportFlow.date,
    "participants": ReportFlow.participants,
    "text": ReportFlow.text,
    "link": ReportFlow.link,
}
QUICK_CHOICES = 6


def _b(text: str, **data: Any) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=Rp(**data).pack())


def _markup(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=list(rows))


def _service(session: AsyncSession, clock: Clock, default_timezone: str) -> ReportService:
    return ReportService(session, clock, default_timezone)


async def _draft(state: FSMContext) -> Draft | None:
    data = (await state.get_data()).get("draft")
    return Draft.from_dict(data) if data else None


async def _draft_or_end(message: Message, state: FSMContext, _: Translator) -> Draft | None:
    """The draft being answered; without one (a state left from an old version) the flow ends."""
    draft = await _draft(state)
    if draft is None:
        await state.clear()
        await message.answer(_("report-step-over"))
    return draft


# ---- starting ----------------------------------------------------------------------------------


@router.message(Command("report"), Member())
async def report_command(
    message: Message,
    viewer: Viewer,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
) -> None:
    """/report: the open tasks to choose from, nearest first."""
    await state.clear()
    choices = await _open_tasks(viewer, session, clock, default_timezone)
    if not choices:
        await message.answer(_("report-nothing-open"))
        return
    rows = [
        [_b(f"{n or '•'} {t[:48]}", a="pick", i=item_id)] for item_id, n, t in choices[: QUICK_CHOICES * 2]
    ]
    await message.answer(_("report-choose-task"), reply_markup=_markup(*rows))


async def _open_tasks(
    viewer: Viewer, session: AsyncSession, clock: Clock, default_timezone: str
) -> list[tuple[int, str | None, str]]:
    """(item id, number, title) of the open tasks of the viewer's organisations, nearest due first."""
    seen: set[int] = set()
    found = []
    for org_tasks in await TaskService(session, clock, default_timezone).for_viewer(viewer):
        for line in org_tasks.lines:
            if line.group is not Group.DONE and line.due is not None and line.item_id not in seen:
                seen.add(line.item_id)
                found.append((line.due, line.item_id, line.number, line.title))
    found.sort(key=lambda row: row[0])
    return [(item_id, number, title) for _due, item_id, number, title in found]


async def begin(
    event: Message | CallbackQuery,
    draft: Draft,
    state: FSMContext,
    _: Translator,
    service: ReportService,
) -> None:
    await state.set_state(ReportFlow.files)
    await state.set_data({"draft": draft.as_dict(), "edit": False})
    if draft.report_id is not None:  # amending: everything is filled in, show what to change
        await _goto(event, state, ReportFlow.summary, draft, _, service)
    elif draft.files:  # photos already given on the quick path: straight to the date
        await _goto(event, state, ReportFlow.date, draft, _, service)
    else:
        await _ask(event, ReportFlow.files, draft, _, service)


# ---- asking --------------------------------------------------------------------------------------


async def _say(event: Message | CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer()
        target = event.message
        if isinstance(target, Message):
            await target.answer(text, reply_markup=markup)
        return
    await event.answer(text, reply_markup=markup)


async def _ask(
    event: Message | CallbackQuery, step: State, draft: Draft, _: Translator, service: ReportService
) -> None:
    cancel = _b(_("btn-cancel"), a="cancel")
    skip = _b(_("btn-skip"), a="skip")
    if step == ReportFlow.files:
        item = await service.item(draft.item_id)
        text = _(
            "report-ask-files",
            number=escape(item.number or ""),
            title=escape(item.title),
            date=short_date(date.fromisoformat(draft.due_on)),
        )
        if item.text_only:
            text += "\n" + _("report-text-only-hint")
        row = [_b(_("btn-files-done", count=len(draft.files)), a="done"), cancel]
        extra = [_b(_("btn-files-clear"), a="clear")] if draft.files else []
        await _say(event, text, _markup(row, *([extra] if extra else [])))
    elif step == ReportFlow.date:
        await _say(
            event,
            _("report-ask-date"),
            _markup(
                [_b(_("btn-today"), a="today"), _b(_("btn-yesterday"), a="yday")],
                [_b(_("btn-other-date"), a="other"), cancel],
            ),
        )
    elif step == ReportFlow.participants:
        await _say(event, _("report-ask-participants"), _markup([skip, cancel]))
    elif step == ReportFlow.text:
        await _say(event, _("report-ask-text"), _markup([skip, cancel]))
    elif step == ReportFlow.link:
        await _say(event, _("report-ask-link"), _markup([skip, cancel]))
    else:
        await _show_summary(event, draft, _, service)


async def _show_summary(
    event: Message | CallbackQuery, draft: Draft, _: Translator, service: ReportService
) -> None:
    item = await service.item(draft.item_id)
    org = await service.org_name(draft.org_id)
    lines = summary_lines(
        _,
        number=item.number,
        title=item.title,
        org=org,
        due_on=date.fromisoformat(draft.due_on),
        photos=draft.photos,
        documents=len(draft.files) - draft.photos,
        event_date=date.fromisoformat(draft.event_date) if draft.event_date else None,
        participants=draft.participants,
        text=draft.text,
        link=draft.link,
    )
    markup = _markup(
        [_b(_("btn-submit"), a="submit")],
        [_b(_("btn-edit"), a="edit"), _b(_("btn-cancel"), a="cancel")],
    )
    await _say(event, "\n".join(lines), markup)


async def _goto(
    event: Message | CallbackQuery,
    state: FSMContext,
    step: State,
    draft: Draft,
    _: Translator,
    service: ReportService,
) -> None:
    await state.set_state(step)
    await state.update_data(draft=draft.as_dict())
    await _ask(event, step, draft, _, service)


async def _next(
    event: Message | CallbackQuery, state: FSMContext, draft: Draft, _: Translator, service: ReportService
) -> None:
    """After a step: the next one, or back to the summary when the user was editing one field."""
    data = await state.get_data()
    current = await state.get_state()
    position = next((n for n, step in enumerate(ORDER) if step.state == current), len(ORDER) - 1)
    step = ReportFlow.summary if data.get("edit") or position + 1 >= len(ORDER) else ORDER[position + 1]
    await _goto(event, state, step, draft, _, service)


# ---- files ---------------------------------------------------------------------------------------


def incoming_of(message: Message) -> IncomingFile | None:
    if message.photo:
        photo = message.photo[-1]  # the largest size Telegram made
        return IncomingFile("photo", photo.file_id, photo.file_unique_id, photo.file_size, None, "image/jpeg")
    if message.document:
        doc = message.document
        return IncomingFile(
            "document", doc.file_id, doc.file_unique_id, doc.file_size, doc.file_name, doc.mime_type
        )
    return None


async def fetch_evidence(bot: Bot, incoming: IncomingFile, data_dir: Path, service: ReportService) -> Any:
    """Download, check and store one file; refused files raise before anything is written."""
    check_declared_size(incoming)
    file = await bot.get_file(incoming.file_id)
    if (file.file_size is not None and file.file_size > MAX_FILE_BYTES) or not file.file_path:
        raise FileTooBig(str(file.file_size))
    buffer = await bot.download_file(file.file_path)
    assert buffer is not None
    stored = await asyncio.to_thread(EvidenceStore(data_dir / "evidence").accept, incoming, buffer.read())
    await service.record_evidence(stored)
    return stored


def _album_key(message: Message) -> tuple[int, str]:
    return message.chat.id, message.media_group_id or f"single-{message.message_id}"


@router.message(ReportFlow.files, F.photo | F.document)
async def got_file(
    message: Message,
    bot: Bot,
    _: Translator,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    data_dir: Path,
    albums: AlbumCollector,
) -> None:
    draft = await _draft_or_end(message, state, _)
    incoming = incoming_of(message)
    if draft is None or incoming is None:
        return
    if len(draft.files) >= MAX_FILES:  # refused before downloading anything
        raise TooManyFiles(max=MAX_FILES)
    service = _service(session, clock, default_timezone)
    stored = await fetch_evidence(bot, incoming, data_dir, service)
    draft.add_file(incoming, stored)
    if message.caption and not draft.text:
        draft.text = check_text(message.caption)
    await state.update_data(draft=draft.as_dict())
    total = len(draft.files)

    async def answer(parts: list[int]) -> None:
        markup = _markup(
            [_b(_("btn-files-done", count=parts[-1]), a="done"), _b(_("btn-cancel"), a="cancel")]
        )
        await bot.send_message(
            message.chat.id, _("report-files-added", added=len(parts), total=parts[-1]), reply_markup=markup
        )

    albums.add(_album_key(message), total, answer)


@router.message(ReportFlow.files)
async def files_expected(message: Message, _: Translator) -> None:
    await message.answer(_("report-files-expected"))


# ---- quick path: a photo outside any flow --------------------------------------------------------


@router.message(StateFilter(None), F.photo, F.chat.type == "private", Member())
@router.message(ReportFlow.quick, F.photo, Member())
async def quick_photo(
    message: Message,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    data_dir: Path,
    albums: AlbumCollector,
) -> None:
    choices = await _open_tasks(viewer, session, clock, default_timezone)
    if not choices:
        await message.answer(_("report-nothing-open"))
        return
    incoming = incoming_of(message)
    assert incoming is not None
    data = await state.get_data() if await state.get_state() == ReportFlow.quick.state else {}
    if len(data.get("files", [])) >= MAX_FILES:
        raise TooManyFiles(max=MAX_FILES)
    service = _service(session, clock, default_timezone)
    stored = await fetch_evidence(bot, incoming, data_dir, service)
    holder = Draft(0, 0, 0, date.min.isoformat(), files=list(data.get("files", [])))
    holder.add_file(incoming, stored)
    caption = data.get("caption") or (check_text(message.caption) if message.caption else None)
    await state.set_state(ReportFlow.quick)
    await state.set_data({"files": holder.files, "caption": caption})
    options = _quick_options(choices, caption)

    async def answer(parts: list[int]) -> None:
        rows = [[_b(f"{n or '•'} {t[:48]}", a="pick", i=item_id)] for item_id, n, t in options]
        rows.append([_b(_("btn-cancel"), a="cancel")])
        await bot.send_message(
            message.chat.id, _("report-which-task", count=parts[-1]), reply_markup=_markup(*rows)
        )

    albums.add(_album_key(message), len(holder.files), answer)


def _quick_options(
    choices: list[tuple[int, str | None, str]], caption: str | None
) -> list[tuple[int, str | None, str]]:
    """The best caption matches first, then the nearest due tasks."""
    picked: list[tuple[int, str | None, str]] = []
    if caption:
        titles = {n: f"{number or ''} {title}" for n, (_i, number, title) in enumerate(choices)}
        for _title, score, n in process.extract(
            caption, titles, scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=3
        ):
            if score >= 60:
                picked.append(choices[n])
    for choice in choices:
        if len(picked) >= QUICK_CHOICES:
            break
        if choice not in picked:
            picked.append(choice)
    return picked


# ---- buttons -------------------------------------------------------------------------------------


@router.callback_query(Rp.filter())
async def on_report_button(
    callback: CallbackQuery,
    callback_data: Rp,
    bot: Bot,
    viewer: Viewer | None,
    _: Translator,
    i18n: I18n,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
) -> None:
    if viewer is None:
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    service = _service(session, clock, default_timezone)
    d = callback_data
    current = await state.get_state()
    draft = await _draft(state)
    if d.a in ("new", "amend", "pick"):
        quick = await state.get_data() if current == ReportFlow.quick.state and d.a == "pick" else {}
        if d.a == "amend":
            new = await service.amend(viewer, d.r)
        else:
            new = await service.start(viewer, d.i)
        for file in quick.get("files", []):
            if len(new.files) < MAX_FILES:
                new.files.append(file)
        if quick.get("caption") and not new.text:
            new.text = quick["caption"]
        await begin(callback, new, state, _, service)
        return
    if d.a == "cancel":
        await state.clear()
        await callback.answer()
        if isinstance(callback.message, Message):
            await callback.message.answer(_("report-cancelled"))
        return
    if draft is None or current is None or not current.startswith("ReportFlow"):
        await callback.answer(_("report-step-over"), show_alert=True)
        return
    if d.a == "done" and current == ReportFlow.files.state:
        await service.check_files(draft)
        await _next(callback, state, draft, _, service)
    elif d.a == "clear" and current == ReportFlow.files.state:
        draft.files = []
        await _goto(callback, state, ReportFlow.files, draft, _, service)
    elif d.a in ("today", "yday") and current == ReportFlow.date.state:
        today = await service.today_of(draft.org_id)
        draft.event_date = (today - timedelta(days=1 if d.a == "yday" else 0)).isoformat()
        await _next(callback, state, draft, _, service)
    elif d.a == "other" and current == ReportFlow.date.state:
        await _say(callback, _("report-ask-date-typed"), None)
    elif d.a == "skip" and current in (
        ReportFlow.participants.state,
        ReportFlow.text.state,
        ReportFlow.link.state,
    ):
        await _next(callback, state, draft, _, service)
    elif d.a == "edit" and current == ReportFlow.summary.state:
        rows = [[_b(_(f"field-{name}"), a="field", f=name)] for name in FIELDS]
        rows.append([_b(_("btn-back"), a="back")])
        await _say(callback, _("report-edit-which"), _markup(*rows))
    elif d.a == "back" and current == ReportFlow.summary.state:
        await _show_summary(callback, draft, _, service)
    elif d.a == "field" and current == ReportFlow.summary.state and d.f in FIELDS:
        await state.update_data(edit=True)
        await _goto(callback, state, FIELDS[d.f], draft, _, service)
    elif d.a == "submit" and current == ReportFlow.summary.state:
        report = await service.submit(viewer, draft)
        await state.clear()
        await callback.answer()
        if isinstance(callback.message, Message):
            await callback.message.answer(_("report-submitted"))
        item = await service.item(report.item_id)
        org = await service.org_name(report.org_id)
        for reviewer in await service.reviewers(report):
            await notify(
                bot,
                i18n,
                reviewer,
                "review-new",
                lambda t, rid=report.id: _markup(
                    [
                        InlineKeyboardButton(
                            text=t("btn-open-report"), callback_data=Rv(a="open", r=rid).pack()
                        )
                    ]
                ),
                number=escape(item.number or ""),
                title=escape(item.title),
                org=escape(org),
                author=escape(viewer.first_name),
            )
    else:
        await callback.answer(_("report-step-over"), show_alert=True)


# ---- typed answers -------------------------------------------------------------------------------


@router.message(ReportFlow.date, F.text)
async def typed_date(
    message: Message,
    _: Translator,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
) -> None:
    draft = await _draft_or_end(message, state, _)
    if draft is None:
        return
    service = _service(session, clock, default_timezone)
    draft.event_date = parse_event_date(message.text or "", await service.today_of(draft.org_id)).isoformat()
    await _next(message, state, draft, _, service)


@router.message(ReportFlow.participants, F.text)
@router.message(ReportFlow.text, F.text)
@router.message(ReportFlow.link, F.text)
async def typed_answer(
    message: Message,
    _: Translator,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
) -> None:
    draft = await _draft_or_end(message, state, _)
    if draft is None:
        return
    current = await state.get_state()
    value = message.text or ""
    if current == ReportFlow.participants.state:
        draft.participants = parse_participants(value)
    elif current == ReportFlow.text.state:
        draft.text = check_text(value) or None
    else:
        draft.link = parse_link(value)
    await _next(message, state, draft, _, _service(session, clock, default_timezone))


@router.message(ReportFlow.date)
@router.message(ReportFlow.participants)
@router.message(ReportFlow.text)
@router.message(ReportFlow.link)
@router.message(ReportFlow.summary)
@router.message(ReportFlow.quick)
async def unexpected_in_flow(message: Message, _: Translator) -> None:
    await message.answer(_("report-use-buttons"))
