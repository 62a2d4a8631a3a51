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

from bot.callback_data import ReportAction, ReportButton, ReviewAction, ReviewButton
from bot.i18n import I18n, Translator
from handlers.filters import Member, MenuButton
from handlers.notify import notify
from handlers.report_view import history_lines, summary_lines
from handlers.screens import button, keyboard, paginate, say, show
from services.review import Decision, EvidenceRef, ReviewCard, ReviewService
from services.users import Viewer

router = Router(name=__name__)
router.message.filter(Member())
router.callback_query.filter(Member())
ALBUM_LIMIT = 10  # files per sendMediaGroup


class ReturnComment(StatesGroup):
    waiting = State()  # data: report


def _b(text: str, action: ReviewAction, report_id: int = 0, page: int = 0) -> InlineKeyboardButton:
    return button(text, ReviewButton(action=action, report_id=report_id, page=page))


@router.message(Command("review"))
@router.message(MenuButton("btn-review"))
async def review_queue(
    message: Message, viewer: Viewer, _: Translator, reviews: ReviewService, state: FSMContext
) -> None:
    await state.clear()
    await _queue(message, viewer, _, reviews, 0)


@router.callback_query(ReviewButton.filter(F.action == ReviewAction.QUEUE))
async def queue_page(
    callback: CallbackQuery,
    callback_data: ReviewButton,
    viewer: Viewer,
    _: Translator,
    reviews: ReviewService,
) -> None:
    await _queue(callback, viewer, _, reviews, callback_data.page)


async def _queue(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, reviews: ReviewService, page: int
) -> None:
    waiting = await reviews.queue(viewer)
    if not waiting:
        await show(event, _("review-empty"), None)
        return
    shown = paginate(waiting, page)
    rows = [
        [
            _b(
                f"{w.item_number or '•'} {w.item_title[:28]} — {w.org_label[:20]}",
                ReviewAction.OPEN,
                w.report_id,
            )
        ]
        for w in shown.items
    ]
    if pager := shown.pager(lambda text, number: _b(text, ReviewAction.QUEUE, page=number)):
        rows.append(pager)
    await show(event, _("review-title", count=len(waiting)), keyboard(*rows))


@router.callback_query(ReviewButton.filter(F.action == ReviewAction.OPEN))
async def open_card(
    callback: CallbackQuery,
    callback_data: ReviewButton,
    viewer: Viewer,
    _: Translator,
    reviews: ReviewService,
    default_timezone: str,
) -> None:
    card = await reviews.card(viewer, callback_data.report_id)
    await show(callback, render_card(card, _, default_timezone), card_keyboard(card, _))


def render_card(card: ReviewCard, _: Translator, timezone: str) -> str:
    lines = summary_lines(
        _,
        number=card.item.number,
        title=card.item.title,
        org=card.org_name,
        due_on=card.due_on,
        photos=card.photos,
        documents=len(card.files) - card.photos,
        event_date=card.event_date,
        participants=card.participants,
        text=card.text,
        link=card.link,
    )
    lines.insert(1, _("review-author", name=escape(card.author), version=card.version))
    if card.reused_files:
        reports = ", ".join(f"#{n}" for n in card.reused_from)
        lines.append(_("review-reused", count=card.reused_files, reports=reports))
    lines += ["", _("item-history"), *history_lines(card.history, _, timezone)]
    return "\n".join(lines)


def card_keyboard(card: ReviewCard, _: Translator) -> InlineKeyboardMarkup:
    return keyboard(
        [
            _b(_("btn-approve"), ReviewAction.APPROVE, card.report_id),
            _b(_("btn-return"), ReviewAction.RETURN, card.report_id),
        ],
        [_b(_("btn-show-files", count=len(card.files)), ReviewAction.FILES, card.report_id)],
        [_b(_("btn-back"), ReviewAction.QUEUE)],
    )


@router.callback_query(ReviewButton.filter(F.action == ReviewAction.FILES))
async def show_files(
    callback: CallbackQuery, callback_data: ReviewButton, bot: Bot, viewer: Viewer, reviews: ReviewService
) -> None:
    card = await reviews.card(viewer, callback_data.report_id)
    await callback.answer()
    await send_files(bot, callback.from_user.id, card.files)


async def send_files(bot: Bot, chat_id: int, files: tuple[EvidenceRef, ...]) -> None:
    """The report's photos as albums of up to ten, its documents one by one, by Telegram file id."""
    photos = [f.file_id for f in files if f.kind == "photo"]
    documents = [f.file_id for f in files if f.kind != "photo"]
    for start in range(0, len(photos), ALBUM_LIMIT):
        group = photos[start : start + ALBUM_LIMIT]
        if len(group) == 1:
            await bot.send_photo(chat_id, group[0])
        else:
            await bot.send_media_group(chat_id, [InputMediaPhoto(media=file_id) for file_id in group])
    for start in range(0, len(documents), ALBUM_LIMIT):
        group = documents[start : start + ALBUM_LIMIT]
        if len(group) == 1:
            await bot.send_document(chat_id, group[0])
        else:
            await bot.send_media_group(chat_id, [InputMediaDocument(media=file_id) for file_id in group])


@router.callback_query(ReviewButton.filter(F.action == ReviewAction.APPROVE))
async def approve(
    callback: CallbackQuery,
    callback_data: ReviewButton,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    i18n: I18n,
    reviews: ReviewService,
) -> None:
    decision = await reviews.approve(viewer, callback_data.report_id)
    await _tell_author(bot, i18n, decision, "review-approved-note")
    await callback.answer(_("review-approved"), show_alert=False)
    await _queue(callback, viewer, _, reviews, 0)


@router.callback_query(ReviewButton.filter(F.action == ReviewAction.RETURN))
async def ask_comment(
    callback: CallbackQuery,
    callback_data: ReviewButton,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    reviews: ReviewService,
) -> None:
    await reviews.check(viewer, callback_data.report_id)
    await state.set_state(ReturnComment.waiting)
    await state.set_data({"report": callback_data.report_id})
    await say(callback, _("review-ask-comment"))


async def _tell_author(bot: Bot, i18n: I18n, decision: Decision, key: str) -> None:
    if decision.author is None:
        return
    markup = None
    if decision.comment is not None:

        def markup(t: Translator) -> InlineKeyboardMarkup:
            amend = ReportButton(action=ReportAction.AMEND, report_id=decision.report_id)
            return keyboard([button(t("btn-amend"), amend)])

    await notify(
        bot,
        i18n,
        decision.author,
        key,
        markup,
        number=escape(decision.item.number or ""),
        title=escape(decision.item.title),
        comment=escape(decision.comment or ""),
    )


@router.message(ReturnComment.waiting, F.text)
async def got_comment(
    message: Message,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    i18n: I18n,
    state: FSMContext,
    reviews: ReviewService,
) -> None:
    report_id = int((await state.get_data()).get("report", 0))
    decision = await reviews.send_back(viewer, report_id, message.text or "")
    await state.clear()
    await message.answer(_("review-returned"))
    await _tell_author(bot, i18n, decision, "review-returned-note")


@router.message(ReturnComment.waiting)
async def comment_not_text(message: Message, _: Translator) -> None:
    await message.answer(_("review-ask-comment"))
