"""/review: reports waiting for the user's decision; Approve, or Return with a comment."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import I18n, Translator
from db.models import Report, User
from handlers.filters import Member, MenuButton
from handlers.notify import notify
from handlers.report_view import Rp, Rv, history_lines, summary_lines
from handlers.screens import paginate, show
from services.clock import Clock
from services.reports import ReportService
from services.users import Viewer

router = Router(name=__name__)
ALBUM_LIMIT = 10  # files per sendMediaGroup


class ReturnComment(StatesGroup):
    waiting = State()  # data: report


def _b(text: str, **data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=Rv(**data).pack())  # type: ignore[arg-type]


def _service(session: AsyncSession, clock: Clock, default_timezone: str) -> ReportService:
    return ReportService(session, clock, default_timezone)


@router.message(Command("review"), Member())
@router.message(MenuButton("btn-review"), Member())
async def review_queue(
    message: Message,
    viewer: Viewer,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
) -> None:
    await state.clear()
    await _queue(message, viewer, _, _service(session, clock, default_timezone), 0)


async def _queue(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, service: ReportService, page: int
) -> None:
    waiting = await service.queue(viewer)
    if not waiting:
        await show(event, _("review-empty"), None)
        return
    shown = paginate(waiting, page)
    rows = [
        [
            _b(
                f"{w.item.number or '•'} {w.item.title[:28]} — {(w.org.short_name or w.org.name)[:20]}",
                a="open",
                r=w.report.id,
            )
        ]
        for w in shown.items
    ]
    if pager := shown.pager(lambda text, number: _b(text, a="queue", g=number)):
        rows.append(pager)
    await show(event, _("review-title", count=len(waiting)), InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(Rv.filter())
async def on_review(
    callback: CallbackQuery,
    callback_data: Rv,
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
    if d.a == "queue":
        await _queue(callback, viewer, _, service, d.g)
    elif d.a == "open":
        await _card(callback, viewer, _, service, d.r, default_timezone)
    elif d.a == "files":
        report, *_rest = await service.review_card(viewer, d.r)
        await callback.answer()
        await send_files(bot, callback.from_user.id, report)
    elif d.a == "ok":
        report = await service.approve(viewer, d.r)
        await _tell_author(bot, i18n, service, report, "review-approved-note")
        await callback.answer(_("review-approved"), show_alert=False)
        await _queue(callback, viewer, _, service, 0)
    elif d.a == "back":
        await service.review_card(viewer, d.r)  # checks the reviewer may decide on it
        await state.set_state(ReturnComment.waiting)
        await state.set_data({"report": d.r})
        await callback.answer()
        if isinstance(callback.message, Message):
            await callback.message.answer(_("review-ask-comment"))
    else:
        await callback.answer(_("error-not-found"))


async def _card(
    callback: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    service: ReportService,
    report_id: int,
    timezone: str,
) -> None:
    report, item, org, author = await service.review_card(viewer, report_id)
    occurrence_due = await service.due_of(report)
    photos = await service.photo_count(report)
    lines = summary_lines(
        _,
        number=item.number,
        title=item.title,
        org=org.name,
        due_on=occurrence_due,
        photos=photos,
        documents=len(report.files) - photos,
        event_date=report.event_date,
        participants=report.participants,
        text=report.text,
        link=report.link,
    )
    lines.insert(1, _("review-author", name=escape(author.first_name), version=report.version))
    reused = await service.reused_files(report)
    if reused:
        others = sorted({other for ids in reused.values() for other in ids})
        lines.append(_("review-reused", count=len(reused), reports=", ".join(f"#{n}" for n in others)))
    lines += ["", _("item-history"), *history_lines(await service.history(report.id), _, timezone)]
    rows = [
        [_b(_("btn-approve"), a="ok", r=report.id), _b(_("btn-return"), a="back", r=report.id)],
        [_b(_("btn-show-files", count=len(report.files)), a="files", r=report.id)],
        [_b(_("btn-back"), a="queue")],
    ]
    await show(callback, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


async def send_files(bot: Bot, chat_id: int, report: Report) -> None:
    """The report's photos as albums of up to ten, its documents one by one, by Telegram file id."""
    photos = [f for f in report.files if f.kind == "photo"]
    for start in range(0, len(photos), ALBUM_LIMIT):
        group = photos[start : start + ALBUM_LIMIT]
        if len(group) == 1:
            await bot.send_photo(chat_id, group[0].file_id)
        else:
            await bot.send_media_group(chat_id, [InputMediaPhoto(media=f.file_id) for f in group])
    documents = [f for f in report.files if f.kind != "photo"]
    for start in range(0, len(documents), ALBUM_LIMIT):
        group = documents[start : start + ALBUM_LIMIT]
        if len(group) == 1:
            await bot.send_document(chat_id, group[0].file_id)
        else:
            await bot.send_media_group(chat_id, [InputMediaDocument(media=f.file_id) for f in group])


async def _tell_author(bot: Bot, i18n: I18n, service: ReportService, report: Report, key: str) -> None:
    author = await service.user(report.author_id)
    item = await service.item(report.item_id)
    markup = None
    if report.review_comment is not None:

        def markup(t: Translator) -> InlineKeyboardMarkup:
            button = InlineKeyboardButton(
                text=t("btn-amend"), callback_data=Rp(a="amend", r=report.id).pack()
            )
            return InlineKeyboardMarkup(inline_keyboard=[[button]])

    if isinstance(author, User):
        await notify(
            bot,
            i18n,
            author,
            key,
            markup,
            number=escape(item.number or ""),
            title=escape(item.title),
            comment=escape(report.review_comment or ""),
        )


@router.message(ReturnComment.waiting, F.text)
async def got_comment(
    message: Message,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    i18n: I18n,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
) -> None:
    report_id = int((await state.get_data()).get("report", 0))
    service = _service(session, clock, default_timezone)
    report = await service.send_back(viewer, report_id, message.text or "")
    await state.clear()
    await message.answer(_("review-returned"))
    await _tell_author(bot, i18n, service, report, "review-returned-note")


@router.message(ReturnComment.waiting)
async def comment_not_text(message: Message, _: Translator) -> None:
    await message.answer(_("review-ask-comment"))
