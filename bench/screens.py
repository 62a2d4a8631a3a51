"""Service time of the screens people open all day, on a region-sized SQLite database:
5,000 organisations, 20,000 users, 100,000 due dates, 300,000 assignments, reports.

Each screen is served as the bot serves it: a fresh session (one per update), the service
call, nothing else. Printed: p50 / p95 per screen in ms, and p95 against the 20 ms goal.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.common import backend, database
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import (
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
from db.repositories import Repositories
from db.statistics import refresh_statistics
from services.browse import BrowseService
from services.clock import FrozenClock
from services.tasks import TaskService
from services.users import MembershipView, Viewer

GOAL_MS = 20.0
DISTRICTS = 20
SCHOOLS = 5000
TEACHERS_PER_SCHOOL = 3  # and one head: 20,000 users
ITEMS_PER_PLAN = 140  # one plan per district: 2,800 items
MONTHS = 36  # monthly items of a three-year plan: 100,800 due dates
ITEMS_PER_SCHOOL = 60
TODAY = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
TZ = "Europe/Minsk"


def _month_ends() -> list[date]:
    ends = []
    for n in range(MONTHS):
        year, month = 2026 + n // 12, n % 12 + 1
        following = date(year + (month == 12), month % 12 + 1, 1)
        ends.append(date.fromordinal(following.toordinal() - 1))
    return ends


async def _fill(factory) -> dict[str, object]:
    now = TODAY
    rng = random.Random(7)
    async with factory() as session, session.begin():
        region = Organisation(kind="department", name="Регион", aliases=[], created_at=now)
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
                    "kind": "department",
                    "name": f"Район {d}",
                    "aliases": [],
                    "created_at": now,
                }
                for d in range(DISTRICTS)
            ],
        )
        districts = list(
            (await session.scalars(select(Organisation.id).where(Organisation.parent_id == region.id))).all()
        )
        await session.execute(
            insert(Organisation),
            [
                {
                    "parent_id": districts[n % DISTRICTS],
                    "kind": "school",
                    "name": f"Школа №{n}",
                    "aliases": [],
                    "created_at": now,
                }
                for n in range(SCHOOLS)
            ],
        )
        schools = list(
            (
                await session.execute(
                    select(Organisation.id, Organisation.parent_id).where(Organisation.kind == "school")
                )
            ).all()
        )
        per_school = TEACHERS_PER_SCHOOL + 1
        await session.execute(
            insert(User),
            [
                {"tg_id": 10_000 + n, "first_name": f"User {n}", "created_at": now, "updated_at": now}
                for n in range(SCHOOLS * per_school)
            ],
        )
        user_ids = list(
            (await session.scalars(select(User.id).where(User.tg_id >= 10_000).order_by(User.id))).all()
        )
        memberships = []
        for n, (school_id, _district) in enumerate(schools):
            for k in range(per_school):
                role = Role.HEAD if k == 0 else Role.TEACHER
                memberships.append(
                    {
                        "user_id": user_ids[n * per_school + k],
                        "org_id": school_id,
                        "role": role,
                        "created_at": now,
                    }
                )
        await session.execute(insert(Membership), memberships)

        ends = _month_ends()
        plan_items: dict[int, list[int]] = {}
        for district in districts:
            plan = Plan(
                org_id=district,
                title=f"План района {district}",
                period_start=date(2026, 1, 1),
                period_end=date(2028, 12, 31),
                source_name="bench",
                source_sha256="0" * 64,
                warnings=[],
                created_at=now,
                updated_at=now,
            )
            session.add(plan)
            await session.flush()
            sections = []
            for s in range(ITEMS_PER_PLAN // 20):
                section = Section(plan_id=plan.id, position=s, number=str(s + 1), title=f"Раздел {s + 1}")
                session.add(section)
                sections.append(section)
            await session.flush()
            await session.execute(
                insert(Item),
                [
                    {
                        "plan_id": plan.id,
                        "section_id": sections[n // 20].id,
                        "position": n,
                        "number": f"{n // 20 + 1}.{n % 20 + 1}",
                        "title": f"Мероприятие {n} по плану района",
                        "deadline_text": "ежемесячно",
                        "deadline": {"kind": "recurring", "every": "month"},
                    }
                    for n in range(ITEMS_PER_PLAN)
                ],
            )
            ids = list(
                (
                    await session.scalars(select(Item.id).where(Item.plan_id == plan.id).order_by(Item.id))
                ).all()
            )
            plan_items[district] = ids
            await session.execute(
                insert(Occurrence),
                [{"item_id": i, "due_on": due, "manual": False} for i in ids for due in ends],
            )
        occurrence_ids: dict[tuple[int, date], int] = {
            (item_id, due): occ_id
            for occ_id, item_id, due in (
                await session.execute(select(Occurrence.id, Occurrence.item_id, Occurrence.due_on))
            ).all()
        }
        assignments, reports = [], []
        past = [due for due in ends if due < TODAY.date()]
        for n, (school_id, district) in enumerate(schools):
            offset = rng.randrange(ITEMS_PER_PLAN - ITEMS_PER_SCHOOL)
            author = user_ids[n * per_school + 1]
            for item_id in plan_items[district][offset : offset + ITEMS_PER_SCHOOL]:
                assignments.append({"item_id": item_id, "org_id": school_id, "created_at": now})
                if rng.random() < 0.5:
                    for due in past[:2]:
                        reports.append(
                            {
                                "occurrence_id": occurrence_ids[(item_id, due)],
                                "item_id": item_id,
                                "org_id": school_id,
                                "author_id": author,
                                "status": rng.choice(list(ReportStatus)),
                                "event_date": due,
                                "version": 1,
                                "submitted_at": now,
                            }
                        )
        await session.execute(insert(Assignment), assignments)
        await session.execute(insert(Report), reports)
    async with factory() as session:
        counts = {
            name: await session.scalar(select(func.count()).select_from(model))
            for name, model in (
                ("organisations", Organisation),
                ("users", User),
                ("due dates", Occurrence),
                ("assignments", Assignment),
                ("reports", Report),
            )
        }
    return {
        "counts": counts,
        "schools": schools,
        "user_ids": user_ids,
        "plans": plan_items,
        "admin": admin.id,
        "region": region.id,
    }


def _viewer(user_id: int, org_id: int, role: Role) -> Viewer:
    return Viewer(user_id, user_id, "Bench", "ru", "ru", None, (MembershipView(org_id, "Org", role, 0),))


async def _timed(samples: int, call: Callable[[int], Awaitable[object]]) -> tuple[float, float]:
    times = []
    for n in range(samples):
        start = time.perf_counter()
        await call(n)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


async def run(samples: int) -> dict[str, tuple[float, float]]:
    with tempfile.TemporaryDirectory(prefix="bench-screens-") as tmp:
        async with database(Path(tmp)) as url:
            return await _measure(url, samples)


async def _measure(url: str, samples: int) -> dict[str, tuple[float, float]]:
    await upgrade(url)
    engine = create_engine(url)
    factory = create_session_factory(engine)
    started = time.perf_counter()
    world = await _fill(factory)
    async with engine.begin() as connection:
        # A live database has its statistics (autovacuum keeps them); a just-filled one not yet.
        await refresh_statistics(connection)
    print(f"filled in {time.perf_counter() - started:.1f} s: {world['counts']}")
    clock = FrozenClock(TODAY)
    rng = random.Random(11)
    schools = world["schools"]
    user_ids = world["user_ids"]
    admin = _viewer(world["admin"], world["region"], Role.ADMIN)  # type: ignore[arg-type]

    picks = [rng.randrange(len(schools)) for _ in range(samples)]

    async def my_tasks(n: int) -> None:
        school_id, _district = schools[picks[n]]
        teacher = _viewer(user_ids[picks[n] * 4 + 1], school_id, Role.TEACHER)
        async with factory() as session:
            await TaskService(Repositories(session), clock, TZ).for_viewer(teacher)

    async def head_tasks(n: int) -> None:
        school_id, _district = schools[picks[n]]
        head = _viewer(user_ids[picks[n] * 4], school_id, Role.HEAD)
        async with factory() as session:
            await TaskService(Repositories(session), clock, TZ).for_viewer(head)

    async def item_card_teacher(n: int) -> None:
        school_id, _district = schools[picks[n]]
        teacher = _viewer(user_ids[picks[n] * 4 + 1], school_id, Role.TEACHER)
        async with factory() as session:
            item_id = await session.scalar(
                select(Assignment.item_id).where(Assignment.org_id == school_id).limit(1)
            )
            await BrowseService(Repositories(session), clock, TZ).item_card(teacher, item_id)

    all_items = [i for ids in world["plans"].values() for i in ids]  # type: ignore[union-attr]

    async def item_card_admin(n: int) -> None:
        async with factory() as session:
            await BrowseService(Repositories(session), clock, TZ).item_card(
                admin, all_items[picks[n] % len(all_items)]
            )

    async def plan_page(n: int) -> None:
        _school, district = schools[picks[n]]
        plan_items = world["plans"][district]  # type: ignore[index]
        async with factory() as session:
            service = BrowseService(Repositories(session), clock, TZ)
            item = await session.get(Item, plan_items[0])
            await service.sections(admin, item.plan_id)
            await service.items(admin, item.plan_id, item.section_id)

    results = {}
    for name, call in (
        ("my tasks (teacher)", my_tasks),
        ("my tasks (head, per teacher)", head_tasks),
        ("item card (teacher)", item_card_teacher),
        ("item card (admin, all orgs)", item_card_admin),
        ("plan page (sections + items)", plan_page),
    ):
        await call(0)  # warm the statement caches, as a running bot has them
        results[name] = await _timed(samples, call)
    await engine.dispose()
    return results


def main(samples: int) -> None:
    print(f"on {backend()}")
    results = asyncio.run(run(samples))
    worst = 0.0
    for name, (p50, p95) in results.items():
        worst = max(worst, p95)
        print(f"{name:32s} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")
    print(f"worst p95 {worst:.2f} ms / goal {GOAL_MS:.0f} ms = {worst / GOAL_MS:.2f} (must be < 1)")
