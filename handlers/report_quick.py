"""The quick path: a photo (or an album) sent outside any flow asks which task it is for; the
chosen task's report then starts with those photos (`ReportAction.PICK`, handlers/report.py)."""

from __future__ import annotations

from pathlib import Path

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.callback_data import ReportAction
from bot.i18n import Translator
from handlers.albums import AlbumCollector
from handlers.evidence import album_key, fetch_evidence, incoming_of
from handlers.filters import Member
from handlers.report_flow import ReportFlow, rp, task_rows
from handlers.screens import keyboard
from services.report_draft import QuickPhotos
from services.reports import ReportService
from services.tasks import TaskService, likely_tasks
from services.users import Viewer

router = Router(name=__name__)
router.message.filter(Member())


@router.message(StateFilter(None), F.photo, F.chat.type == "private")
@router.message(ReportFlow.quick, F.photo)
async def quick_photo(
    message: Message,
    bot: Bot,
    viewer: Viewer,
    _: Translator,
    state: FSMContext,
    tasks: TaskService,
    reports: ReportService,
    data_dir: Path,
    albums: AlbumCollector,
) -> None:
    choices = await tasks.open_tasks(viewer)
    if not choices:
        await message.answer(_("report-nothing-open"))
        return
    incoming = incoming_of(message)
    assert incoming is not None
    in_quick = await state.get_state() == ReportFlow.quick.state
    photos = QuickPhotos.from_dict(await state.get_data()) if in_quick else QuickPhotos()
    photos.check_room()
    photos.add(incoming, await fetch_evidence(bot, incoming, data_dir, reports), message.caption)
    await state.set_state(ReportFlow.quick)
    await state.set_data(photos.as_dict())
    options = likely_tasks(choices, photos.caption)

    async def answer(parts: list[int]) -> None:
        markup = keyboard(*task_rows(options), [rp(_("btn-cancel"), ReportAction.CANCEL)])
        await bot.send_message(message.chat.id, _("report-which-task", count=parts[-1]), reply_markup=markup)

    albums.add(album_key(message), len(photos.files), answer)


@router.message(ReportFlow.quick)
async def choose_a_task(message: Message, _: Translator) -> None:
    await message.answer(_("report-use-buttons"))
