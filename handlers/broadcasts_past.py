"""/broadcasts: the author's past broadcasts, each with its delivery list, the failures as CSV,
and Stop for one still going out."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.callback_data import BroadcastAction, BroadcastButton
from bot.i18n import Translator
from bot.text import short_date
from handlers.broadcast import bc
from handlers.filters import Member
from handlers.screens import PAGE_SIZE, keyboard, page_of_total, show
from services.broadcasts import BroadcastService
from services.users import Viewer

router = Router(name=__name__)
router.message.filter(Member())
router.callback_query.filter(Member())
DELIVERY_PAGE = PAGE_SIZE * 3  # names only: a longer page still fits a phone screen


@router.message(Command("broadcasts"))
async def past(message: Message, viewer: Viewer, _: Translator, broadcasts: BroadcastService) -> None:
    await _list(message, viewer, _, broadcasts)


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.LIST))
async def past_again(
    callback: CallbackQuery, viewer: Viewer, _: Translator, broadcasts: BroadcastService
) -> None:
    await _list(callback, viewer, _, broadcasts)


async def _list(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, broadcasts: BroadcastService
) -> None:
    found = await broadcasts.mine(viewer)
    if not found:
        await show(event, _("broadcasts-none"), None)
        return
    rows = [
        [
            bc(
                _(
                    "broadcasts-line",
                    date=short_date(b.created_at.date()),
                    status=_(f"broadcast-status-{b.status.value}"),
                    sent=b.progress.sent,
                    total=b.progress.total,
                ),
                BroadcastAction.SHOW,
                broadcast_id=b.broadcast_id,
            )
        ]
        for b in found[: PAGE_SIZE * 2]
    ]
    await show(event, _("broadcasts-title"), keyboard(*rows))


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.STOP))
async def stop(
    callback: CallbackQuery,
    callback_data: BroadcastButton,
    viewer: Viewer,
    _: Translator,
    broadcasts: BroadcastService,
) -> None:
    await broadcasts.cancel(viewer, callback_data.broadcast_id)
    await callback.answer(_("broadcast-cancelling"), show_alert=False)


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.FAILURES_CSV))
async def failures(
    callback: CallbackQuery,
    callback_data: BroadcastButton,
    bot: Bot,
    viewer: Viewer,
    broadcasts: BroadcastService,
) -> None:
    broadcast_id = callback_data.broadcast_id
    await callback.answer()
    data = await broadcasts.failures_csv(viewer, broadcast_id)
    document = BufferedInputFile(data, filename=f"broadcast-{broadcast_id}-failures.csv")
    await bot.send_document(callback.from_user.id, document)


@router.callback_query(BroadcastButton.filter(F.action == BroadcastAction.SHOW))
async def delivery(
    callback: CallbackQuery,
    callback_data: BroadcastButton,
    viewer: Viewer,
    _: Translator,
    broadcasts: BroadcastService,
) -> None:
    broadcast_id, page = callback_data.broadcast_id, callback_data.page
    shown = await broadcasts.delivery(viewer, broadcast_id, page * DELIVERY_PAGE, DELIVERY_PAGE)
    lines = [_("broadcast-delivery", id=broadcast_id, total=shown.total)]
    lines += [
        f"{_('outbox-' + row.status.value)} {escape(row.name)}"
        + (f" — {escape(row.error)}" if row.error else "")
        for row in shown.rows
    ]
    rows = []
    frame = page_of_total(shown.total, page, DELIVERY_PAGE)
    if pager := frame.pager(
        lambda text, number: bc(text, BroadcastAction.SHOW, broadcast_id=broadcast_id, page=number)
    ):
        rows.append(pager)
    rows.append(
        [
            bc(_("btn-failures-csv"), BroadcastAction.FAILURES_CSV, broadcast_id=broadcast_id),
            bc(_("btn-back"), BroadcastAction.LIST),
        ]
    )
    await show(callback, "\n".join(lines), keyboard(*rows))
