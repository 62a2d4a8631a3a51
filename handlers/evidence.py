"""Files a user sends as evidence: what Telegram says about them, and fetching them into the
evidence store (refused files raise before anything is written)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiogram import Bot
from aiogram.types import Message

from services.evidence import (
    MAX_FILE_BYTES,
    EvidenceStore,
    FileTooBig,
    IncomingFile,
    StoredEvidence,
    check_declared_size,
)
from services.reports import ReportService


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


async def fetch_evidence(
    bot: Bot, incoming: IncomingFile, data_dir: Path, reports: ReportService
) -> StoredEvidence:
    """Download, check and store one file, and record it with the update that received it."""
    check_declared_size(incoming)
    file = await bot.get_file(incoming.file_id)
    if (file.file_size is not None and file.file_size > MAX_FILE_BYTES) or not file.file_path:
        raise FileTooBig(str(file.file_size))
    buffer = await bot.download_file(file.file_path)
    assert buffer is not None
    stored = await asyncio.to_thread(EvidenceStore(data_dir / "evidence").accept, incoming, buffer.read())
    await reports.record_evidence(stored)
    return stored


def album_key(message: Message) -> tuple[int, str]:
    """Parts of one album share an answer; a single file is its own album."""
    return message.chat.id, message.media_group_id or f"single-{message.message_id}"
