"""The steps of the report flow and what each asks: files (one by one or as albums) → event
date → participants → text → link → summary with Edit / Submit / Cancel.

The draft lives in the persisted conversation state, so a restart continues where the user was.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from aiogram.filters import BaseFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callback_data import ReportAction, ReportButton, ReportField
from bot.i18n import Translator
from bot.text import short_date
from handlers.report_view import summary_lines
from handlers.screens import button, keyboard, say
from services.report_draft import Draft
from services.reports import ReportService
from services.tasks import OpenTask


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
    ReportField.FILES: ReportFlow.files,
    ReportField.DATE: ReportFlow.date,
    ReportField.PARTICIPANTS: ReportFlow.participants,
    ReportField.TEXT: ReportFlow.text,
    ReportField.LINK: ReportFlow.link,
}
STEPS = (*ORDER, ReportFlow.summary)  # the states a draft is being filled in
OPTIONAL_QUESTIONS = {
    ReportFlow.participants: "report-ask-participants",
    ReportFlow.text: "report-ask-text",
    ReportFlow.link: "report-ask-link",
}


class HasDraft(BaseFilter):
    """In a report step with a draft; the draft is handed to the handler as `draft`."""

    async def __call__(self, _event: object, state: FSMContext) -> bool | dict[str, Any]:
        data = (await state.get_data()).get("draft")
        return {"draft": Draft.from_dict(data)} if data else False


def rp(text: str, action: ReportAction, **values: Any) -> InlineKeyboardButton:
    return button(text, ReportButton(action=action, **values))


def task_rows(tasks: list[OpenTask]) -> list[list[InlineKeyboardButton]]:
    return [[rp(f"{t.number or '•'} {t.title[:48]}", ReportAction.PICK, item_id=t.item_id)] for t in tasks]


async def begin(
    event: Message | CallbackQuery, draft: Draft, state: FSMContext, _: Translator, reports: ReportService
) -> None:
    await state.set_state(ReportFlow.files)
    await state.set_data({"draft": draft.as_dict(), "edit": False})
    if draft.report_id is not None:  # amending: everything is filled in, show what to change
        await goto(event, state, ReportFlow.summary, draft, _, reports)
    elif draft.files:  # photos already given on the quick path: straight to the date
        await goto(event, state, ReportFlow.date, draft, _, reports)
    else:
        await ask(event, ReportFlow.files, draft, _, reports)


async def goto(
    event: Message | CallbackQuery,
    state: FSMContext,
    step: State,
    draft: Draft,
    _: Translator,
    reports: ReportService,
) -> None:
    await state.set_state(step)
    await state.update_data(draft=draft.as_dict())
    await ask(event, step, draft, _, reports)


async def next_step(
    event: Message | CallbackQuery, state: FSMContext, draft: Draft, _: Translator, reports: ReportService
) -> None:
    """After a step: the next one, or back to the summary when the user was editing one field."""
    data = await state.get_data()
    current = await state.get_state()
    position = next((n for n, step in enumerate(ORDER) if step.state == current), len(ORDER) - 1)
    step = ReportFlow.summary if data.get("edit") or position + 1 >= len(ORDER) else ORDER[position + 1]
    await goto(event, state, step, draft, _, reports)


async def ask(
    event: Message | CallbackQuery, step: State, draft: Draft, _: Translator, reports: ReportService
) -> None:
    if step == ReportFlow.files:
        await say(event, await _files_question(draft, _, reports), files_keyboard(draft, _))
    elif step == ReportFlow.date:
        await say(event, _("report-ask-date"), _date_keyboard(_))
    elif step in OPTIONAL_QUESTIONS:
        skip = [rp(_("btn-skip"), ReportAction.SKIP), rp(_("btn-cancel"), ReportAction.CANCEL)]
        await say(event, _(OPTIONAL_QUESTIONS[step]), keyboard(skip))
    else:
        await show_summary(event, draft, _, reports)


async def _files_question(draft: Draft, _: Translator, reports: ReportService) -> str:
    item = await reports.item(draft.item_id)
    text = _(
        "report-ask-files",
        number=escape(item.number or ""),
        title=escape(item.title),
        date=short_date(date.fromisoformat(draft.due_on)),
    )
    return text + "\n" + _("report-text-only-hint") if item.text_only else text


def files_keyboard(draft: Draft, _: Translator) -> InlineKeyboardMarkup:
    rows = [
        [
            rp(_("btn-files-done", count=len(draft.files)), ReportAction.FILES_DONE),
            rp(_("btn-cancel"), ReportAction.CANCEL),
        ]
    ]
    if draft.files:
        rows.append([rp(_("btn-files-clear"), ReportAction.CLEAR_FILES)])
    return keyboard(*rows)


def files_added_keyboard(total: int, _: Translator) -> InlineKeyboardMarkup:
    return keyboard(
        [
            rp(_("btn-files-done", count=total), ReportAction.FILES_DONE),
            rp(_("btn-cancel"), ReportAction.CANCEL),
        ]
    )


def _date_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return keyboard(
        [rp(_("btn-today"), ReportAction.TODAY), rp(_("btn-yesterday"), ReportAction.YESTERDAY)],
        [rp(_("btn-other-date"), ReportAction.OTHER_DATE), rp(_("btn-cancel"), ReportAction.CANCEL)],
    )


def _summary_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return keyboard(
        [rp(_("btn-submit"), ReportAction.SUBMIT)],
        [rp(_("btn-edit"), ReportAction.EDIT), rp(_("btn-cancel"), ReportAction.CANCEL)],
    )


def fields_keyboard(_: Translator) -> InlineKeyboardMarkup:
    rows = [[rp(_(f"field-{name.value}"), ReportAction.FIELD, field=name)] for name in FIELDS]
    return keyboard(*rows, [rp(_("btn-back"), ReportAction.BACK)])


async def summary_text(draft: Draft, _: Translator, reports: ReportService) -> str:
    item = await reports.item(draft.item_id)
    lines = summary_lines(
        _,
        number=item.number,
        title=item.title,
        org=await reports.org_name(draft.org_id),
        due_on=date.fromisoformat(draft.due_on),
        photos=draft.photos,
        documents=len(draft.files) - draft.photos,
        event_date=date.fromisoformat(draft.event_date) if draft.event_date else None,
        participants=draft.participants,
        text=draft.text,
        link=draft.link,
    )
    return "\n".join(lines)


async def show_summary(
    event: Message | CallbackQuery, draft: Draft, _: Translator, reports: ReportService
) -> None:
    await say(event, await summary_text(draft, _, reports), _summary_keyboard(_))
