"""The execution report at region size: a 60-item plan given to 1,000 organisations, one report
each (60,000 rows), exported as XLSX; the DOCX with thumbnails for 300 approved reports; the
evidence ZIP of 3,000 photos. Prints each time against its goal, the peak memory of the bot and
of the writer process, and how long another request waits meanwhile (the event loop must never
be blocked: the files are written off it)."""

from __future__ import annotations

import asyncio
import hashlib
import io
import statistics
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image
from sqlalchemy import insert, select

from bot.i18n import I18n
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import (
    Assignment,
    EvidenceFile,
    Item,
    Occurrence,
    Organisation,
    Plan,
    Report,
    ReportFile,
    ReportStatus,
    Section,
    User,
)
from db.repositories import Repositories
from services.clock import FrozenClock
from services.evidence import EvidenceStore
from services.export_docx import docx_of, write_docx
from services.export_xlsx import write_xlsx_apart
from services.export_zip import entries_of, write_evidence_zip
from services.exports import ExportService
from services.offload import in_own_process
from services.xlsx_writer import peak_memory_mb

XLSX_GOAL_SECONDS = 5.0
MEMORY_GOAL_MB = 300
OTHER_REQUEST_GOAL_MS = 100
NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


async def _fill(factory, items: int, orgs: int) -> int:
    async with factory() as session, session.begin():
        region = Organisation(kind="department", name="Регион", aliases=[], created_at=NOW)
        author = User(tg_id=1, first_name="Педагог", created_at=NOW, updated_at=NOW)
        session.add_all([region, author])
        await session.flush()
        await session.execute(
            insert(Organisation),
            [
                {
                    "parent_id": region.id,
                    "kind": "school",
                    "name": f"Школа №{n}",
                    "aliases": [],
                    "created_at": NOW,
                }
                for n in range(orgs)
            ],
        )
        plan = Plan(
            org_id=region.id,
            title="План мероприятий на 2026 год",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            source_name="bench",
            source_sha256="0" * 64,
            warnings=[],
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(plan)
        await session.flush()
        section = Section(plan_id=plan.id, position=0, number="1", title="Мероприятия")
        session.add(section)
        await session.flush()
        await session.execute(
            insert(Item),
            [
                {
                    "plan_id": plan.id,
                    "section_id": section.id,
                    "position": n,
                    "number": f"1.{n + 1}.",
                    "title": f"Мероприятие {n + 1}",
                    "deadline_text": "май 2026 г.",
                    "deadline": {"kind": "window"},
                }
                for n in range(items)
            ],
        )
        item_ids = list((await session.scalars(select(Item.id))).all())
        await session.execute(
            insert(Occurrence), [{"item_id": i, "due_on": date(2026, 5, 31)} for i in item_ids]
        )
        occurrences = dict((await session.execute(select(Occurrence.item_id, Occurrence.id))).all())
        org_ids = list(
            (await session.scalars(select(Organisation.id).where(Organisation.kind == "school"))).all()
        )
        await session.execute(
            insert(Assignment),
            [{"item_id": i, "org_id": o, "created_at": NOW} for i in item_ids for o in org_ids],
        )
        await session.execute(
            insert(Report),
            [
                {
                    "occurrence_id": occurrences[i],
                    "item_id": i,
                    "org_id": o,
                    "author_id": author.id,
                    "status": ReportStatus.APPROVED if (i + o) % 3 else ReportStatus.SUBMITTED,
                    "event_date": date(2026, 5, 20),
                    "participants": 25,
                    "text": "Мероприятие проведено, участвовали обучающиеся 5–9 классов.",
                    "link": "https://example.org/news/1",
                    "version": 1,
                    "submitted_at": NOW,
                }
                for i in item_ids
                for o in org_ids
            ],
        )
        return plan.id


async def _other_requests(factory, stop: asyncio.Event, waits: list[float]) -> None:
    """Another user's request while the export runs: a short query, every 20 ms."""
    while not stop.is_set():
        started = time.perf_counter()
        async with factory() as session:
            await session.scalar(select(User.first_name).where(User.tg_id == 1))
        waits.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.02)


async def _export(factory, plan_id: int, path: Path, text) -> tuple[float, int, float]:
    """Seconds, rows, and the writer process's peak memory in MB."""
    started = time.perf_counter()
    figures: dict[str, float] = {}
    async with factory() as session:
        stream = await ExportService(Repositories(session), FrozenClock(NOW), "Europe/Moscow").stream(
            None, plan_id
        )
        await write_xlsx_apart(stream, path, text, figures)
    rows = sum(tally.total for tally in stream.sections)
    return time.perf_counter() - started, rows, figures.get("writer_peak_mb", float("nan"))


def _docx_measured(book, path: Path) -> float:
    """`write_docx` in the writer process, and that process's peak memory in MB."""
    write_docx(book, path)
    return peak_memory_mb() or float("nan")


DOCX_GOAL_SECONDS = 20.0
DOCX_REPORTS = 300
DISTINCT_PHOTOS = 30
ZIP_PHOTOS = 3_000


async def _with_photos(factory, evidence: Path, reports: int) -> int:
    """A plan of 60 items given to `reports / 60` schools, every report approved with a phone
    photo (30 distinct ones, stored once each as the evidence store does)."""
    store = EvidenceStore(evidence)
    photos = []
    for n in range(DISTINCT_PHOTOS):
        out = io.BytesIO()
        Image.new("RGB", (1280, 960), (n * 8 % 256, 120, 200 - n * 5 % 200)).save(out, "JPEG", quality=85)
        data = out.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        path = store.path_of(sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        photos.append((sha, len(data)))
    plan_id = await _fill(factory, 60, reports // 60)
    async with factory() as session, session.begin():
        await session.execute(
            insert(EvidenceFile),
            [
                {"sha256": sha, "size": size, "mime_type": "image/jpeg", "stored_at": NOW}
                for sha, size in photos
            ],
        )
        report_ids = list((await session.scalars(select(Report.id))).all())
        await session.execute(Report.__table__.update().values(status=ReportStatus.APPROVED))
        await session.execute(
            insert(ReportFile),
            [
                {
                    "report_id": report_id,
                    "sha256": photos[n % DISTINCT_PHOTOS][0],
                    "kind": "photo",
                    "file_id": f"file-{n}",
                    "file_unique_id": f"unique-{n}",
                    "size": photos[n % DISTINCT_PHOTOS][1],
                    "position": 0,
                }
                for n, report_id in enumerate(report_ids)
            ],
        )
    return plan_id


async def _photo_plan(folder: Path, reports: int):
    """A fresh database in `folder` holding `_with_photos`' plan: engine, sessions, evidence, plan."""
    url = f"sqlite+aiosqlite:///{folder / 'bot.sqlite3'}"
    await upgrade(url)
    engine = create_engine(url)
    factory = create_session_factory(engine)
    evidence = folder / "evidence"
    return engine, factory, evidence, await _with_photos(factory, evidence, reports)


async def run_docx(reports: int = DOCX_REPORTS) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-docx-") as tmp:
        engine, factory, evidence, plan_id = await _photo_plan(Path(tmp), reports)
        text = I18n("ru").get("ru")
        started = time.perf_counter()
        tracemalloc.start()
        async with factory() as session:
            service = ExportService(Repositories(session), FrozenClock(NOW), "Europe/Moscow")
            document = await service.report_document(None, plan_id)
        book = docx_of(document, evidence, text)
        bot_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        writer_peak = await in_own_process(_docx_measured, book, Path(tmp) / "report.docx")
        docx_seconds = time.perf_counter() - started
        await engine.dispose()
    print(
        f"  docx   {docx_seconds:6.2f} s   {reports} approved reports with a photo thumbnail each, limit ratio "
        f"{docx_seconds / DOCX_GOAL_SECONDS:5.2f} (goal < 1: under {DOCX_GOAL_SECONDS:g} s); memory "
        f"{bot_peak:.0f} MB in the bot, {writer_peak:.0f} MB in the writer process"
    )
    return {"docx_seconds": docx_seconds, "docx_bot_mb": bot_peak, "docx_writer_mb": writer_peak}


async def run_zip(photos: int = ZIP_PHOTOS) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-zip-") as tmp:
        engine, factory, evidence, plan_id = await _photo_plan(Path(tmp), photos)
        text = I18n("ru").get("ru")
        started = time.perf_counter()
        tracemalloc.start()
        async with factory() as session:
            service = ExportService(Repositories(session), FrozenClock(NOW), "Europe/Moscow")
            records = await service.evidence(None, plan_id)
        header = ("file", "org", "status", "sha256")
        parts = await asyncio.to_thread(
            write_evidence_zip,
            entries_of(records[1], EvidenceStore(evidence), text),
            Path(tmp),
            "plan",
            header,
        )
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        zip_seconds = time.perf_counter() - started
        sizes = [p.stat().st_size / 2**20 for p in parts]
        await engine.dispose()
    print(
        f"  zip    {zip_seconds:6.2f} s   {len(records[1])} photos, {sum(sizes):.0f} MB in {len(parts)} part(s) "
        f"(largest {max(sizes):.1f} MB, limit 50), streamed file by file; memory {peak:.0f} MB (goal: under "
        f"{MEMORY_GOAL_MB} MB)"
    )
    return {"zip_seconds": zip_seconds, "zip_mb": peak, "zip_parts": len(parts)}


async def run(items: int, orgs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bot.sqlite3'}"
        await upgrade(url)
        engine = create_engine(url)
        factory = create_session_factory(engine)
        plan_id = await _fill(factory, items, orgs)
        text = I18n("ru").get("ru")
        stop, waits = asyncio.Event(), []
        other = asyncio.create_task(_other_requests(factory, stop, waits))
        seconds, rows, writer_rss = await _export(factory, plan_id, Path(tmp) / "report.xlsx", text)
        stop.set()
        await other
        # Memory apart: tracing every allocation slows Python down several times over.
        tracemalloc.start()
        await _export(factory, plan_id, Path(tmp) / "again.xlsx", text)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        await engine.dispose()
        p95 = statistics.quantiles(waits, n=20)[-1] if len(waits) >= 20 else max(waits, default=0.0)
    print(f"export: a {items}-item plan × {orgs} organisations, one report each ({rows} rows)")
    print(
        f"  xlsx   {seconds:6.2f} s   limit ratio {seconds / XLSX_GOAL_SECONDS:5.2f} (goal < 1: under "
        f"{XLSX_GOAL_SECONDS:g} s)"
    )
    print(
        f"  memory {peak:6.0f} MB  in the bot (the rows read, Python allocations at their peak); "
        f"the writer process {writer_rss:.0f} MB at most (goal: each under {MEMORY_GOAL_MB} MB)"
    )
    print(
        f"  another request meanwhile: p95 {p95:.1f} ms over {len(waits)} (goal: under {OTHER_REQUEST_GOAL_MS} ms)"
    )
    return {"seconds": seconds, "peak_mb": peak, "writer_mb": writer_rss, "other_p95_ms": p95}


def main(items: int = 60, orgs: int = 1000) -> dict[str, float]:
    figures = asyncio.run(run(items, orgs))
    return figures | asyncio.run(run_docx()) | asyncio.run(run_zip())
