"""The execution report's files as the bot sends them: how each is gathered (in the unit of
work), written off the event loop (a process or a thread of its own) and sent as a document,
gone from the disk once sent. Used by /progress and by the monthly report."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from aiogram import Bot
from aiogram.types import FSInputFile

from bot.i18n import Translator
from services.export_audit import write_audit_csv
from services.export_docx import docx_of, write_docx
from services.export_xlsx import write_xlsx_apart
from services.exports import ExportService
from services.offload import in_own_process
from services.refs import PlanRef
from services.users import Viewer


@dataclass(frozen=True)
class OneFile:
    """A file to send: its name and caption, and how it is written to a path."""

    name: str
    caption: str
    write: Callable[[Path], Awaitable[Path]]


def _caption(key: str, plan: PlanRef, _: Translator) -> str:
    return _(key, title=escape(plan.title[:200]))


async def xlsx_file(
    exports: ExportService, viewer: Viewer, plan_id: int, data_dir: Path, _: Translator
) -> OneFile:
    """The execution report as XLSX, written in a process of its own (the bot keeps answering)
    while its rows are read: the file is written inside the unit of work it was asked in."""
    stream = await exports.stream(viewer, plan_id)
    return OneFile(
        f"plan-{plan_id}-{stream.today.isoformat()}.xlsx",
        _caption("progress-export-caption", stream.plan, _),
        lambda path: write_xlsx_apart(stream, path, _),
    )


async def docx_file(
    exports: ExportService, viewer: Viewer, plan_id: int, data_dir: Path, _: Translator
) -> OneFile:
    """«Информация о ходе выполнения» in the plan's own layout, with the reports' photos."""
    document = await exports.report_document(viewer, plan_id)
    book = docx_of(document, data_dir / "evidence", _)
    return OneFile(
        f"plan-{plan_id}-{document.export.today.isoformat()}.docx",
        _caption("progress-export-caption", document.export.plan, _),
        lambda path: in_own_process(write_docx, book, path),
    )


async def audit_file(
    exports: ExportService, viewer: Viewer, plan_id: int, data_dir: Path, _: Translator
) -> OneFile:
    audit = await exports.audit(viewer, plan_id)
    return OneFile(
        f"plan-{plan_id}-audit.csv",
        _caption("progress-audit-caption", audit.plan, _),
        lambda path: asyncio.to_thread(write_audit_csv, audit, path, _),
    )


@contextlib.asynccontextmanager
async def written(made: OneFile, folder: Path) -> AsyncIterator[Path]:
    """The file written under `folder`, removed once the block is done, whatever happened."""
    path = folder / f"{uuid.uuid4().hex}-{made.name}"
    try:
        await made.write(path)
        yield path
    finally:
        await asyncio.to_thread(path.unlink, missing_ok=True)


async def send_file(bot: Bot, chat_id: int, made: OneFile, folder: Path) -> None:
    async with written(made, folder) as path:
        await bot.send_document(chat_id, FSInputFile(path, filename=made.name), caption=made.caption)
