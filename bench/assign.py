"""Materialising a plan for many organisations: 60 monthly items of a three-year plan given
to 5,000 organisations (300,000 assignments, 36 due dates per item), on SQLite or, with
BENCH_DATABASE_URL, on PostgreSQL (where the time includes gathering the planner's statistics)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.common import backend, database
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import Assignment, Item, Occurrence, Organisation, Plan, Section
from db.repositories import Repositories
from services.assignment import AssignmentService

LIMIT_SECONDS = 2.0


async def run(items: int, orgs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-assign-") as tmp:
        async with database(Path(tmp)) as url:
            return await _measure(url, items, orgs)


async def _measure(url: str, items: int, orgs: int) -> dict[str, float]:
    await upgrade(url)
    engine = create_engine(url)
    factory = create_session_factory(engine)
    now = datetime.now(UTC)
    async with factory() as session:
        root = Organisation(kind="department", name="Регион", aliases=[], created_at=now)
        session.add(root)
        await session.flush()
        session.add_all(
            Organisation(parent_id=root.id, kind="school", name=f"Школа {n}", aliases=[], created_at=now)
            for n in range(orgs)
        )
        plan = Plan(
            title="План на три года",
            period_start=date(2026, 1, 1),
            period_end=date(2028, 12, 31),
            source_name="bench",
            source_sha256="0" * 64,
            warnings=[],
            created_at=now,
            updated_at=now,
            sections=[],
        )
        section = Section(plan=plan, position=0, number="1", title="Раздел", items=[])
        session.add(plan)
        await session.flush()
        for n in range(items):
            section.items.append(
                Item(
                    plan_id=plan.id,
                    position=n,
                    number=f"1.{n + 1}.",
                    title=f"Отчёт {n}",
                    deadline_text="ежемесячно",
                    deadline={"kind": "recurring", "recurrence": "monthly"},
                )
            )
        await session.commit()
        org_ids = list(
            (await session.scalars(select(Organisation.id).where(Organisation.parent_id == root.id))).all()
        )
        plan_items = list((await session.scalars(select(Item))).all())

    async with factory() as session:
        started = time.perf_counter()
        created = await AssignmentService(Repositories(session)).assign(None, plan, plan_items, org_ids, now)
        await session.commit()
        elapsed = time.perf_counter() - started
        occurrences = await session.scalar(select(func.count()).select_from(Occurrence))
        assignments = await session.scalar(select(func.count()).select_from(Assignment))
    await engine.dispose()
    assert created == assignments == items * orgs
    print(f"assign: {items} monthly items x {orgs} organisations, plan of three years, {backend()}")
    print(
        f"  assignments {assignments}, due dates {occurrences} ({items * orgs * 36} organisation-due-date pairs)"
    )
    print(
        f"  time {elapsed:.2f} s, limit ratio {elapsed / LIMIT_SECONDS:.2f} (goal < 1: under {LIMIT_SECONDS:g} s)"
    )
    return {"seconds": elapsed}


def main(items: int = 60, orgs: int = 5000) -> dict[str, float]:
    return asyncio.run(run(items, orgs))
