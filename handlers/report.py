"""Reporting that an event took place: /report, the buttons of each step, the typed answers and
the files sent during the flow. `/cancel` ends it at any step (handlers/common.py).

Each button has its handler, filtered by the step it belongs to; a button of a step the user
has left (an old message) gets "that step is over".
"""

from __future__ import annotations

from datetime import timedelta
from html import escape
from pathlib import Path

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.callback_data import ReportAction, ReportButton, ReviewAction, ReviewButton
from bot.i18n import I18n, Translator
from handlers.albums import AlbumCollector
from handlers.evidence import album_key, fetch_evidence, incoming_of
from handlers.filters import Member
from handlers.notify import notify
from handlers.report_flow import (
    FIELDS,
    STEPS,
    HasDraft,
    ReportFlow,
    begin,
    fields_keyboard,
    files_added_keyboard,
    goto,
    next_step,
    show_summary,
    task_rows,
)
from handlers.screens import button, keyboard, say
from services.report_draft import (
    Draft,
    QuickPhotos,
    check_text,
    parse_event_date,
    parse_link,
    parse_participants,
)
from services.reports import ReportService, Submitted
from services.review import ReviewService
from services.tasks import QUICK_CHOICES, TaskService
from services.users import Viewer

router = Router(name=__name__)
router.callback_query.filter(Member())


# ---- starting ------------------------------------------------------------------------------


@router.message(Command("report"), Member())
async def report_command(
    message: Message, viewer: Viewer, _: Translator, tasks: TaskService, state: FSMContext
) -> None:
    """/report: the open tasks to choose from, nearest first."""
    await state.clear()
    choices = await tasks.open_tasks(viewer)
    if not choices:
        await message.answer(_("report-nothing-open"))
        return
    await message.answer(
        _("report-choose-task"), reply_markup=keyboard(*task_rows(choices[: QUICK_CHOICES * 2]))
    )


@router.callback_query(ReportButton.filter(F.action == ReportAction.PICK), ReportFlow.quick)
async def pick_for_photos(
    callback: CallbackQuery,
    callback_data: ReportButton,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    reports: ReportService,
) -> None:
    """The task the photos sent before (the quick path) are for: its report starts with them."""
    quick = QuickPhotos.from_dict(await state.get_data())
    draft = await reports.start(viewer, callback_data.item_id)
    draft.take_quick_files(quick.files, quick.caption)
    await begin(callback, draft, state, _, reports)


@router.callback_query(ReportButton.filter(F.action.in_({ReportAction.NEW, ReportAction.PICK})))
async def start_report(
    callback: CallbackQuery,
    callback_data: ReportButton,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    reports: ReportService,
) -> None:
    """A task's Report button, or a task chosen from /report: the draft of its next due date."""
    await begin(callback, await reports.start(viewer, callback_data.item_id), state, _, reports)


@router.callback_query(ReportButton.filter(F.action == ReportAction.AMEND))
async def amend_report(
    callback: CallbackQuery,
    callback_data: ReportButton,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    reports: ReportService,
) -> None:
    await begin(callback, await reports.amend(viewer, callback_data.report_id), state, _, reports)


@router.callback_query(ReportButton.filter(F.action == ReportAction.CANCEL))
async def cancel_report(callback: CallbackQuery, _: Translator, state: FSMContext) -> None:
    await state.clear()
    await say(callback, _("report-cancelled"))


# ---- the buttons of each step --------------------------------------------------------------


@router.callback_query(ReportButton.filter(F.action == ReportAction.FILES_DONE), ReportFlow.files, HasDraft())
async def files_done(
    callback: CallbackQuery, draft: Draft, _: Translator, state: FSMContext, reports: ReportService
) -> None:
    await reports.check_files(draft)
    await next_step(callback, state, draft, _, reports)


@router.callback_query(
    ReportButton.filter(F.action == ReportAction.CLEAR_FILES), ReportFlow.files, HasDraft()
)
async def clear_files(
    callback: CallbackQuery, draft: Draft, _: Translator, state: FSMContext, reports: ReportService
) -> None:
    draft.files = []
    await goto(callback, state, ReportFlow.files, draft, _, reports)


@router.callback_query(ReportButton.filter(F.action == ReportAction.TODAY), ReportFlow.date, HasDraft())
async def today(
    callback: CallbackQuery, draft: Draft, _: Translator, state: FSMContext, reports: ReportService
) -> None:
    await _days_ago(0, callback, draft, _, state, reports)


@router.callback_query(ReportButton.filter(F.action == ReportAction.YESTERDAY), ReportFlow.date, HasDraft())
async def yesterday(
    callback: CallbackQuery, draft: Draft, _: Translator, state: FSMContext, reports: ReportService
) -> None:
    await _days_ago(1, callback, draft, _, state, reports)


async def _days_ago(
    days: int, callback: CallbackQuery, draft: Draft, _: Translator, state: FSMContext, reports: ReportService
) -> None:
    draft.event_date = (await reports.today_of(draft.org_id) - timedelta(days=days)).isoformat()
    await next_step(callback, state, draft, _, reports)


@router.callback_query(ReportButton.filter(F.action == ReportAction.OTHER_DATE), ReportFlow.date, HasDraft())
async def other_date(callback: CallbackQuery, _: Translator) -> None:
    await say(callback, _("report-ask-date-typed"))


@router.callback_query(
    ReportButton.filter(F.action == ReportAction.SKIP),
    StateFilter(ReportFlow.participants, ReportFlow.text, ReportFlow.link),
    HasDraft(),
)
async def skip_step(
    callback: CallbackQuery, draft: Draft, _: Translator, state: FSMContext, reports: ReportService
) -> None:
    await next_step(callback, state, draft, _, reports)


@router.callback_query(ReportButton.filter(F.action == ReportAction.EDIT), ReportFlow.summary, HasDraft())
async def choose_field(callback: CallbackQuery, _: Translator) -> None:
    await say(callback, _("report-edit-which"), fields_keyboard(_))


@router.callback_query(ReportButton.filter(F.action == ReportAction.BACK), ReportFlow.summary, HasDraft())
async def back_to_summary(
    callback: CallbackQuery, draft: Draft, _: Translator, reports: ReportService
) -> None:
    await show_summary(callback, draft, _, reports)


@router.callback_query(
    ReportButton.filter((F.action == ReportAction.FIELD) & F.field.in_(set(FIELDS))),
    ReportFlow.summary,
    HasDraft(),
)
async def edit_field(
    callback: CallbackQuery,
    callback_data: ReportButton,
    draft: Draft,
    _: Translator,
    state: FSMContext,
    reports: ReportService,
) -> None:
    await state.update_data(edit=True)
    await goto(callback, state, FIELDS[callback_data.field], draft, _, reports)


@router.callback_query(ReportButton.filter(F.action == ReportAction.SUBMIT), ReportFlow.summary, HasDraft())
async def submit_report(
    callback: CallbackQuery,
    draft: Draft,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    i18n: I18n,
    state: FSMContext,
    reports: ReportService,
    reviews: ReviewService,
) -> None:
    submitted = await reports.submit(viewer, draft)
    await state.clear()
    await say(callback, _("report-submitted"))
    await _ask_reviewers(bot, i18n, viewer, submitted, reviews)


async def _ask_reviewers(
    bot: Bot, i18n: I18n, author: Viewer, submitted: Submitted, reviews: ReviewService
) -> None:
    def open_button(t: Translator) -> InlineKeyboardMarkup:
        return keyboard(
            [
                button(
                    t("btn-open-report"),
                    ReviewButton(action=ReviewAction.OPEN, report_id=submitted.report_id),
                )
            ]
        )

    for reviewer in await reviews.reviewers_of(submitted.report_id):
        await notify(
            bot,
            i18n,
            reviewer,
            "review-new",
            open_button,
            number=escape(submitted.item.number or ""),
            title=escape(submitted.item.title),
            org=escape(submitted.org_name),
            author=escape(author.first_name),
        )


@router.callback_query(ReportButton.filter())
async def step_over(callback: CallbackQuery, _: Translator) -> None:
    """A button of a step the user is no longer at."""
    await callback.answer(_("report-step-over"), show_alert=True)


# ---- what the user sends during the flow ---------------------------------------------------


@router.message(ReportFlow.files, F.photo | F.document, HasDraft())
async def got_file(
    message: Message,
    draft: Draft,
    bot: Bot,
    _: Translator,
    state: FSMContext,
    reports: ReportService,
    data_dir: Path,
    albums: AlbumCollector,
) -> None:
    incoming = incoming_of(message)
    assert incoming is not None
    draft.check_room()  # refused before downloading anything
    draft.add_file(incoming, await fetch_evidence(bot, incoming, data_dir, reports))
    if message.caption and not draft.text:
        draft.text = check_text(message.caption)
    await state.update_data(draft=draft.as_dict())

    async def answer(parts: list[int]) -> None:
        text = _("report-files-added", added=len(parts), total=parts[-1])
        await bot.send_message(message.chat.id, text, reply_markup=files_added_keyboard(parts[-1], _))

    albums.add(album_key(message), len(draft.files), answer)


@router.message(ReportFlow.date, F.text, HasDraft())
async def typed_date(
    message: Message, draft: Draft, _: Translator, state: FSMContext, reports: ReportService
) -> None:
    draft.event_date = parse_event_date(message.text or "", await reports.today_of(draft.org_id)).isoformat()
    await next_step(message, state, draft, _, reports)


@router.message(ReportFlow.participants, F.text, HasDraft())
async def typed_participants(
    message: Message, draft: Draft, _: Translator, state: FSMContext, reports: ReportService
) -> None:
    draft.participants = parse_participants(message.text or "")
    await next_step(message, state, draft, _, reports)


@router.message(ReportFlow.text, F.text, HasDraft())
async def typed_text(
    message: Message, draft: Draft, _: Translator, state: FSMContext, reports: ReportService
) -> None:
    draft.text = check_text(message.text or "") or None
    await next_step(message, state, draft, _, reports)


@router.message(ReportFlow.link, F.text, HasDraft())
async def typed_link(
    message: Message, draft: Draft, _: Translator, state: FSMContext, reports: ReportService
) -> None:
    draft.link = parse_link(message.text or "")
    await next_step(message, state, draft, _, reports)


@router.message(StateFilter(*STEPS), ~HasDraft())
async def draft_lost(message: Message, _: Translator, state: FSMContext) -> None:
    """A step without its draft (a state left from an old version): the flow ends."""
    await state.clear()
    await message.answer(_("report-step-over"))


@router.message(ReportFlow.files)
async def files_expected(message: Message, _: Translator) -> None:
    await message.answer(_("report-files-expected"))


@router.message(StateFilter(*STEPS[1:]))
async def unexpected_in_flow(message: Message, _: Translator) -> None:
    await message.answer(_("report-use-buttons"))
