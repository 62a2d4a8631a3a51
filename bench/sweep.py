"""The alert sweep: 5,000 schools, 20,000 users, and 10k / 50k / 100k due dates of
organisations inside the alert window (before, on and after the deadline), all deliverable now;
on SQLite, or on PostgreSQL with BENCH_DATABASE_URL.

Printed per size: the longest sweep of the first run (everything new, recorded over a few
sweeps), the next day's sweep at the alert time (the daily peak), an idle minute (nothing
changed: only the change marks are read; the median of five) and a minute after one report;
then how each grows with the number of due dates, and the idle minute against the first sweep.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.common import backend, database
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
    User,
)
from db.statistics import refresh_statistics
from services.alerts.sweep import AlertSweep
from services.clock import FrozenClock

GOAL_SECONDS = 1.0
SCHOOLS = 5000
USERS_PER_SCHOOL = 4  # a head and three teachers: 20,000 users
NOW = datetime(2026, 3, 17, 7, 0, tzinfo=UTC)  # 10:00 in Minsk, a Tuesday (no weekly summary)
TZ = "Europe/Minsk"
# BENCH_SWEEP_SIZES=10000,1000000 for the million on PostgreSQL.
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SWEEP_SIZES", "10000,50000,100000").split(","))
IDLE_GROWTH_GOAL = 2.0  # the idle minute at the largest size / at the smallest
IDLE_MINUTES = 5  # idle minutes measured, their median printed
IDLE_SHARE_GOAL = 0.2  # the idle minute / the first sweep, at the largest size


async def _fill(factory, pairs: int) -> None:
    now = NOW
    async with factory() as session, session.begin():
        region = Organisation(kind="department", name="Регион", aliases=[], timezone=TZ, created_at=now)
        session.add(region)
        await session.flush()
        admin = User(tg_id=1, first_name="Админ", created_at=now, updated_at=now)
        session.add(admin)
        await session.flush()
        session.add(Membership(user_id=admin.id, org_id=region.id, role=Role.ADMIN, created_at=now))
        await session.execute(
            insert(Organisation),
            [
                {
                    "parent_id": region.id,
                    "kind": "school",
                    "name": f"Школа {n}",
                    "aliases": [],
                    "timezone": TZ,
                    "created_at": now,
                }
                for n in range(SCHOOLS)
            ],
        )
        schools = list(
            (await session.scalars(select(Organisation.id).where(Organisation.kind == "school"))).all()
        )
        await session.execute(
            insert(User),
            [
                {"tg_id": 10_000 + n, "first_name": f"User {n}", "created_at": now, "updated_at": now}
                for n in range(SCHOOLS * USERS_PER_SCHOOL)
            ],
        )
        users = list(
            (await session.scalars(select(User.id).where(User.tg_id >= 10_000).order_by(User.id))).all()
        )
        await session.execute(
            insert(Membership),
            [
                {
                    "user_id": users[n * USERS_PER_SCHOOL + k],
                    "org_id": school,
                    "role": Role.HEAD if k == 0 else Role.TEACHER,
                    "created_at": now,
                }
                for n, school in enumerate(schools)
                for k in range(USERS_PER_SCHOOL)
            ],
        )
        plan = Plan(
            org_id=region.id,
            title="План",
            source_name="bench",
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
        # One item per due date of a school (pairs of them in all), due from ten days ago to a
        # week ahead: every stage of the rules is present, in the same mix at every size.
        await session.execute(
            insert(Item),
            [
                {
                    "plan_id": plan.id,
                    "section_id": section.id,
                    "position": n,
                    "number": f"1.{n + 1}",
                    "title": f"Мероприятие {n}",
                    "deadline": {"kind": "window"},
                }
                for n in range(pairs)
            ],
        )
        items = list((await session.scalars(select(Item.id).order_by(Item.id))).all())
        today = NOW.date()
        await session.execute(
            insert(Occurrence),
            [
                {"item_id": item, "due_on": today + timedelta(days=7 - n % 18), "manual": False}
                for n, item in enumerate(items)
            ],
        )
        await session.execute(
            insert(Assignment),
            [
                {"item_id": item, "org_id": schools[n % SCHOOLS], "created_at": now}
                for n, item in enumerate(items)
            ],
        )


async def _one(pairs: int) -> dict[str, tuple[float, int, int]]:
    """Longest sweep in seconds, alerts recorded and sweeps taken for: the very first sweep
    (every alert new at once: a backlog, recorded 20,000 at most per sweep), the next day's sweep
    at the alert time (that day's new stages: the daily peak), and a sweep a minute later
    (nothing new: what every other minute costs)."""
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as tmp:
        async with database(Path(tmp)) as url:
            return await _measure(url, pairs)


async def _measure(url: str, pairs: int) -> dict[str, tuple[float, int, int]]:
    await upgrade(url)
    engine = create_engine(url)
    factory = create_session_factory(engine)
    await _fill(factory, pairs)
    async with engine.begin() as connection:
        await refresh_statistics(connection)  # as assigning them does (see db.statistics)
    clock = FrozenClock(NOW)
    sweep = AlertSweep(factory, clock, TZ)
    figures: dict[str, tuple[float, int, int]] = {}
    for name, moment in (
        ("first", NOW),
        ("daily peak", NOW + timedelta(days=1)),
        ("idle minute", NOW + timedelta(days=1, minutes=1)),
        ("a report", NOW + timedelta(days=1, minutes=1 + IDLE_MINUTES)),
    ):
        clock.set(moment)
        if name == "a report":
            await _report_one(factory, moment)
        if name == "idle minute":
            # A few milliseconds, where one stray pause (autovacuum, the other core) doubles a
            # single sample: the median of several idle minutes in a row.
            took = []
            for minute in range(IDLE_MINUTES):
                clock.set(moment + timedelta(minutes=minute))
                started = time.perf_counter()
                result = await sweep.sweep()
                took.append(time.perf_counter() - started)
                assert result.alerts == 0
            figures[name] = (statistics.median(took), 0, 1)
            continue
        # A backlog over the per-sweep bound takes several sweeps (a minute apart in the bot):
        # each must finish in time; the longest is what counts.
        longest, recorded, sweeps = 0.0, 0, 0
        while True:
            started = time.perf_counter()
            result = await sweep.sweep()
            longest = max(longest, time.perf_counter() - started)
            recorded += result.alerts
            sweeps += 1
            if not result.deferred:
                break
        figures[name] = (longest, recorded, sweeps)
    async with factory() as session:
        alerts = int(await session.scalar(select(func.count()).select_from(Alert)) or 0)
    await engine.dispose()
    assert alerts == sum(n for _seconds, n, _sweeps in figures.values())  # every alert recorded once
    return figures


async def _report_one(factory, at: datetime) -> None:
    """A school reports one of its open due dates: what most non-idle minutes of a day are."""
    async with factory() as session, session.begin():
        occurrence_id, item_id, org_id = (
            await session.execute(
                select(Occurrence.id, Occurrence.item_id, Assignment.org_id)
                .join(Assignment, Assignment.item_id == Occurrence.item_id)
                .order_by(Occurrence.id)
                .limit(1)
            )
        ).one()
        author = await session.scalar(select(Membership.user_id).where(Membership.org_id == org_id).limit(1))
        session.add(
            Report(
                occurrence_id=occurrence_id,
                item_id=item_id,
                org_id=org_id,
                author_id=author,
                status=ReportStatus.SUBMITTED,
                event_date=at.date(),
                version=1,
                submitted_at=at,
            )
        )


def main() -> None:
    print(f"on {backend()}")
    rows = []
    for pairs in SIZES:
        figures = asyncio.run(_one(pairs))
        rows.append((pairs, figures))
        print(
            f"{pairs:7d} open due dates: "
            + ", ".join(
                f"{name} {seconds:.3f} s ({alerts} alerts{f' in {sweeps} sweeps' if sweeps > 1 else ''})"
                for name, (seconds, alerts, sweeps) in figures.items()
            )
        )
    largest, figures = rows[-1]
    for name, (seconds, _alerts, _sweeps) in figures.items():
        print(
            f"{largest} due dates, {name}: longest sweep {seconds:.3f} s / {GOAL_SECONDS:.0f} s = {seconds / GOAL_SECONDS:.2f} (goal < 1)"
        )
    smallest = rows[0][0]
    for name in ("first", "daily peak", "idle minute", "a report"):
        small, big = rows[0][1][name][0], rows[-1][1][name][0]
        print(
            f"growth {smallest} -> {largest}, {name}: x{big / small:.1f} "
            f"for x{largest / smallest:.0f} the due dates"
        )
    idle_small, idle_big, first_big = (
        rows[0][1]["idle minute"][0],
        figures["idle minute"][0],
        figures["first"][0],
    )
    print(
        f"idle minute, {largest} / {smallest} due dates: x{idle_big / idle_small:.2f} "
        f"(goal <= {IDLE_GROWTH_GOAL:.0f})"
    )
    print(f"idle minute / first sweep at {largest}: {idle_big / first_big:.3f} (goal <= {IDLE_SHARE_GOAL})")
