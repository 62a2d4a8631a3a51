"""A plan assigned to a whole region at once: PostgreSQL's planner learns of the new rows in the
same transaction (ANALYZE), so the next "My tasks" is not planned as if the tables were empty;
SQLite is left to plan from its indexes (no statistics written)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select, text

from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import Assignment, Item, Organisation, Plan, Section
from db.repositories import Repositories
from services.assignment import AssignmentService

NOW = datetime(2026, 1, 10, tzinfo=UTC)
SCHOOLS = 125
ITEMS = 40  # 5,000 assignments in one go


async def test_a_bulk_assignment_leaves_the_planner_knowing_the_rows(
    tmp_path: Path, database_url: str
) -> None:
    url = database_url or f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    await upgrade(url)
    engine = create_engine(url)
    factory = create_session_factory(engine)
    try:
        async with factory() as session, session.begin():
            schools = [
                Organisation(kind="school", name=f"Школа {n}", aliases=[], created_at=NOW)
                for n in range(SCHOOLS)
            ]
            plan = Plan(
                title="План", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), source_name="x",
                source_sha256="0" * 64, warnings=[], created_at=NOW, updated_at=NOW,
            )  # fmt: skip
            session.add_all([*schools, plan])
            await session.flush()
            section = Section(plan_id=plan.id, position=0, number="1", title="Раздел")
            session.add(section)
            await session.flush()
            items = [
                Item(
                    plan_id=plan.id,
                    section_id=section.id,
                    position=n,
                    number=f"1.{n + 1}",
                    title=f"Пункт {n}",
                    deadline_text="ежемесячно",
                    deadline={"kind": "recurring", "recurrence": "monthly"},
                )  # fmt: skip
                for n in range(ITEMS)
            ]
            session.add_all(items)
            await session.flush()
            added = await AssignmentService(Repositories(session)).assign(
                None, plan, items, [school.id for school in schools], NOW
            )
        assert added == SCHOOLS * ITEMS
        async with engine.connect() as connection:
            assert await connection.scalar(select(func.count()).select_from(Assignment)) == SCHOOLS * ITEMS
            if connection.dialect.name == "postgresql":
                known = await connection.scalar(
                    text("SELECT reltuples FROM pg_class WHERE relname = 'assignments'")
                )
                due_dates = await connection.scalar(
                    text("SELECT reltuples FROM pg_class WHERE relname = 'occurrences'")
                )
                assert (known, due_dates) == (SCHOOLS * ITEMS, ITEMS * 12)
            else:
                stats = await connection.scalar(
                    text("SELECT count(*) FROM sqlite_master WHERE name LIKE 'sqlite_stat%'")
                )
                assert stats == 0
    finally:
        await engine.dispose()
