"""The execution report at region size: a 60-item plan given to 1,000 organisations, one report
each (60,000 rows), exported as XLSX. Prints the time against the goal, the peak of Python
memory while it is built, and how long another request waits meanwhile (the event loop must
never be blocked: the file is written in a process of its own)."""

from __future__ import annotations

import asyncio
import resource
import statistics
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, select

from bot.i18n import I18n
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import (
    Assignment,
    Item,
    Occurrence,
    Organisation,
    Plan,
    Report,
    ReportStatus,
    Section,
    User,
)
from db.repositories import Repositories
from services.clock import FrozenClock
from services.export_xlsx import write_xlsx_apart
from services.exports import ExportService

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


async def _export(factory, plan_id: int, path: Path, text) -> tuple[float, int]:
    started = time.perf_counter()
    async with factory() as session:
        export = await ExportService(Repositories(session), FrozenClock(NOW), "Europe/Moscow").gather(
            None, plan_id
        )
    await write_xlsx_apart(export, path, text)
    return time.perf_counter() - started, len(export.lines)


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
        seconds, rows = await _export(factory, plan_id, Path(tmp) / "report.xlsx", text)
        stop.set()
        await other
        # Memory apart: tracing every allocation slows Python down several times over.
        tracemalloc.start()
        await _export(factory, plan_id, Path(tmp) / "again.xlsx", text)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        writer_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
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
    return asyncio.run(run(items, orgs))
