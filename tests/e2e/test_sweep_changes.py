"""The alert sweep keeps what it read from one minute to the next: a minute in which nothing
changed reads only the change marks, and every change (a report, an assignment, a teacher's
share, someone's settings, a plan's rules, a deletion) is seen at the next sweep, by whoever
made it (the marks come from database triggers, so plain SQL counts too)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import (
    Alert,
    Assignment,
    Item,
    Membership,
    Occurrence,
    Organisation,
    Plan,
    Report,
    ReportStatus,
    Role,
    Section,
    TeacherAssignment,
    User,
)
from db.unit_of_work import transaction
from services.alerts.sweep import AlertSweep
from services.clock import FrozenClock

MINSK = "Europe/Minsk"  # UTC+3 all year
TODAY = date(2026, 3, 17)


def minsk(hour: int, minute: int = 0, day: date = TODAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 3, minute, tzinfo=UTC)


@dataclass
class School:
    factory: async_sessionmaker[AsyncSession]
    school: int
    head: int
    teacher: int
    plan: int
    section: int
    items: int = 0

    async def item(self, title: str, due_on: date, *, assign: bool = True) -> tuple[int, int]:
        """A new item of the plan due on the date, given to the school: (item, due date)."""
        self.items += 1
        async with self.factory() as session, session.begin():
            item = Item(
                plan_id=self.plan,
                section_id=self.section,
                position=self.items,
                number=str(self.items),
                title=title,
                deadline={"kind": "date"},
            )
            session.add(item)
            await session.flush()
            occurrence = Occurrence(item_id=item.id, due_on=due_on, manual=False)
            session.add(occurrence)
            if assign:
                session.add(Assignment(item_id=item.id, org_id=self.school, created_at=minsk(7)))
            await session.flush()
            return item.id, occurrence.id

    async def execute(self, *statements: object) -> None:
        async with self.factory() as session, session.begin():
            for statement in statements:
                await session.execute(statement)  # type: ignore[call-overload]

    async def alerts(self) -> list[tuple[str, str, int]]:
        """(item title, kind, user) of every alert recorded."""
        async with self.factory() as session:
            rows = await session.execute(
                select(Item.title, Alert.kind, Alert.user_id)
                .join(Occurrence, Occurrence.id == Alert.occurrence_id)
                .join(Item, Item.id == Occurrence.item_id)
                .order_by(Item.title, Alert.user_id)
            )
            return [tuple(row) for row in rows.all()]  # type: ignore[misc]


@pytest.fixture
async def school(tmp_path: Path, database_url: str) -> AsyncIterator[School]:
    url = database_url or f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    await upgrade(url)
    engine = create_engine(url)
    factory = create_session_factory(engine)
    now = minsk(7)
    async with factory() as session, session.begin():
        org = Organisation(kind="school", name="Школа", aliases=[], timezone=MINSK, created_at=now)
        session.add(org)
        await session.flush()
        ids = []
        for tg_id, role in ((501, Role.HEAD), (502, Role.TEACHER)):
            user = User(tg_id=tg_id, first_name=str(tg_id), created_at=now, updated_at=now)
            session.add(user)
            await session.flush()
            session.add(Membership(user_id=user.id, org_id=org.id, role=role, created_at=now))
            ids.append(user.id)
        plan = Plan(
            org_id=org.id,
            title="План",
            source_name="t",
            source_sha256="0" * 64,
            warnings=[],
            created_at=now,
            updated_at=now,
        )
        session.add(plan)
        await session.flush()
        section = Section(plan_id=plan.id, position=0, number="1", title="Раздел")
        session.add(section)
        await session.flush()
        yield_value = School(factory, org.id, ids[0], ids[1], plan.id, section.id)
    yield yield_value
    await engine.dispose()


async def test_a_quiet_minute_reads_nothing_and_the_alert_time_still_comes(school: School) -> None:
    await school.item("Сегодня", TODAY)
    clock = FrozenClock(minsk(8))
    sweep = AlertSweep(school.factory, clock, MINSK)

    first = await sweep.sweep()
    assert (first.read, first.alerts, first.skipped_quiet) == ("everything", 0, 1)  # 09:00 is the time
    for minute in (1, 2, 59):
        clock.set(minsk(8, minute))
        idle = await sweep.sweep()
        assert (idle.read, idle.candidates, idle.alerts) == ("nothing", 0, 0)
    clock.set(minsk(9))
    due = await sweep.sweep()
    assert (due.read, due.alerts) == ("nothing", 1)  # nothing changed, but the time came
    assert await school.alerts() == [("Сегодня", "due", school.head)]
    clock.set(minsk(9, 1))
    assert (await sweep.sweep()).candidates == 0


async def test_people_can_write_while_the_sweep_reads_and_decides(school: School) -> None:
    """On SQLite one writer at a time: the sweep takes the write lock only to record, so a
    report sent while it reads every due date is stored at once, not after the sweep."""
    item, due = await school.item("Сегодня", TODAY)
    stored: list[int] = []

    class ReportArrivesMidSweep(AlertSweep):
        async def _load(self, repo, now):  # type: ignore[no-untyped-def]
            kept = await super()._load(repo, now)
            report = insert(Report).values(
                occurrence_id=due, item_id=item, org_id=school.school, author_id=school.teacher,
                status=ReportStatus.SUBMITTED, event_date=TODAY, version=1, submitted_at=now,
            )  # fmt: skip
            await asyncio.wait_for(school.execute(report), 3)  # would wait for the sweep's commit
            stored.append(item)
            return kept

    clock = FrozenClock(minsk(9))
    sweep = ReportArrivesMidSweep(school.factory, clock, MINSK)
    first = await sweep.sweep()
    assert stored == [item]
    # It read the due date before the report came: the reminder stands, and the report is seen next.
    assert (first.read, first.alerts) == ("everything", 1)
    clock.set(minsk(9, 1))
    assert (await sweep.sweep()).read == "items"
    async with school.factory() as session:
        assert (
            await session.scalar(select(Report.status).where(Report.item_id == item))
            == ReportStatus.SUBMITTED
        )


async def test_every_change_is_seen_at_the_next_sweep(school: School) -> None:
    soon = TODAY + timedelta(days=7)
    reported, reported_due = await school.item("Сдано заранее", soon)
    shared, _ = await school.item("Учителю", TODAY)
    taken_back, _ = await school.item("Снято", TODAY)
    deleted, _ = await school.item("Удалено", TODAY)
    later, _ = await school.item("Назначено позже", TODAY, assign=False)
    clock = FrozenClock(minsk(8))
    sweep = AlertSweep(school.factory, clock, MINSK)
    assert (await sweep.sweep()).read == "everything"

    # Between 08:00 and 09:00: the school reports one item early, the head gives one to the
    # teacher, one is taken back from the school, one deleted from the plan, and a new one given.
    clock.set(minsk(8, 30))
    await school.execute(
        insert(Report).values(
            occurrence_id=reported_due,
            item_id=reported,
            org_id=school.school,
            author_id=school.head,
            status=ReportStatus.SUBMITTED,
            event_date=TODAY,
            version=1,
            submitted_at=minsk(8, 30),
        ),
        insert(TeacherAssignment).values(
            assignment_id=select(Assignment.id).where(Assignment.item_id == shared).scalar_subquery(),
            user_id=school.teacher,
            created_at=minsk(8, 30),
        ),
        delete(Assignment).where(Assignment.item_id == taken_back),
        delete(Item).where(Item.id == deleted),
        insert(Assignment).values(item_id=later, org_id=school.school, created_at=minsk(8, 30)),
    )
    changed = await sweep.sweep()
    assert changed.read == "items" and changed.alerts == 0  # seen, and still before 09:00

    clock.set(minsk(9))
    assert (await sweep.sweep()).alerts == 2
    assert await school.alerts() == [
        ("Назначено позже", "due", school.head),
        ("Учителю", "due", school.teacher),
    ]


async def test_settings_and_rules_are_seen_at_the_next_sweep(school: School) -> None:
    await school.item("Сегодня", TODAY)
    await school.item("Через десять дней", TODAY + timedelta(days=10))
    clock = FrozenClock(minsk(8))
    sweep = AlertSweep(school.factory, clock, MINSK)
    await sweep.sweep()

    # The head wants alerts at 10:00 from now on.
    await school.execute(update(User).where(User.id == school.head).values(alert_time="10:00"))
    clock.set(minsk(8, 1))
    assert (await sweep.sweep()).read == "people"
    clock.set(minsk(9))
    assert (await sweep.sweep()).alerts == 0
    clock.set(minsk(10))
    assert (await sweep.sweep()).alerts == 1
    assert await school.alerts() == [("Сегодня", "due", school.head)]

    # The admin adds a reminder two weeks before: every due date is looked at again.
    await school.execute(
        update(Plan).where(Plan.id == school.plan).values(alert_rules={"before": [14, 7, 1]})
    )
    clock.set(minsk(10, 1))
    result = await sweep.sweep()
    assert (result.read, result.alerts) == ("everything", 1)
    assert ("Через десять дней", "before_14", school.head) in await school.alerts()


async def test_a_new_day_moves_the_window_on_and_a_restart_reads_everything(school: School) -> None:
    await school.item("Завтра", TODAY + timedelta(days=1))
    await school.item("Через девять дней", TODAY + timedelta(days=9))  # beyond the 7-day reach today
    await school.item("Давно", TODAY - timedelta(days=61))  # at the end of the 60-day overdue horizon
    clock = FrozenClock(minsk(9))
    sweep = AlertSweep(school.factory, clock, MINSK)
    assert (await sweep.sweep()).alerts == 1  # "before_1" to the head
    clock.set(minsk(9, day=TODAY + timedelta(days=1)))
    next_day = await sweep.sweep()
    # Only the days entering the window are read; the rest is what the marks kept up to date.
    assert (next_day.read, next_day.alerts) == ("new day", 1)  # and now "due"
    clock.set(minsk(9, day=TODAY + timedelta(days=2)))
    day_after = await sweep.sweep()
    assert day_after.read == "new day"
    assert ("Через девять дней", "before_7", school.head) in await school.alerts()
    # What it keeps is what it would read afresh: the far due date came in, the old one left.
    async with transaction(school.factory) as repos:
        fresh = await AlertSweep(school.factory, clock, MINSK)._load(repos.alerts, clock.now())
    kept = sweep._kept
    assert kept is not None and (kept.first, kept.last) == (fresh.first, fresh.last)
    assert {item: sorted(rows) for item, rows in kept.rows.items()} == {
        item: sorted(rows) for item, rows in fresh.rows.items()
    }
    assert {title for title, _kind, _user in await school.alerts()} == {"Завтра", "Через девять дней"}
    kinds = sorted(kind for title, kind, _user in await school.alerts() if title == "Завтра")
    # Another instance took the marks while this one waited: forget() makes it read everything.
    sweep.forget()
    clock.set(minsk(9, 5, day=TODAY + timedelta(days=2)))
    again = await sweep.sweep()
    assert (again.read, again.alerts) == ("everything", 0)
    assert sorted(kind for title, kind, _user in await school.alerts() if title == "Завтра") == kinds
    assert {"before_1", "due"} <= set(kinds)
