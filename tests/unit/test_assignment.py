"""Assigning items: due dates once per item, no duplicates, permissions per organisation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import Assignment, Item, Occurrence, Organisation, Plan, Role, Section, User
from db.repositories import Repositories
from services.assignment import AssignmentService
from services.errors import AccessDenied
from services.users import MembershipView, Viewer

NOW = datetime(2026, 1, 10, tzinfo=UTC)


@pytest.fixture
async def session(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    await upgrade(url)
    engine = create_engine(url)
    async with create_session_factory(engine)() as session:
        yield session
    await engine.dispose()


async def plan_with_items(session, deadlines: list[dict]) -> tuple[Plan, list[Item], list[int]]:
    region = Organisation(kind="department", name="Регион", aliases=[], created_at=NOW)
    session.add(region)
    await session.flush()
    schools = [
        Organisation(parent_id=region.id, kind="school", name=f"Школа {n}", aliases=[], created_at=NOW)
        for n in range(3)
    ]
    session.add_all(schools)
    plan = Plan(
        title="План",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        source_name="x",
        source_sha256="0" * 64,
        warnings=[],
        created_at=NOW,
        updated_at=NOW,
        sections=[],
    )
    session.add(plan)
    await session.flush()
    section = Section(plan=plan, position=0, number="1", title="Раздел", items=[])
    session.add(section)
    for n, deadline in enumerate(deadlines):
        section.items.append(
            Item(
                plan_id=plan.id,
                position=n,
                number=f"{n + 1}.",
                title=f"Пункт {n}",
                deadline_text="",
                deadline=deadline,
            )
        )
    await session.flush()
    assert all(item.id for item in section.items)
    return plan, list(section.items), [s.id for s in schools]


async def test_assigning_twice_adds_nothing_and_due_dates_are_per_item(session) -> None:
    plan, items, schools = await plan_with_items(
        session,
        [
            {"kind": "recurring", "recurrence": "quarterly"},
            {"kind": "window", "windows": [[None, "2026-02-16"]]},
        ],
    )
    service = AssignmentService(Repositories(session))
    assert await service.assign(None, plan, items, schools, NOW) == 6
    assert await service.assign(None, plan, items, schools[:2], NOW) == 0
    assert await session.scalar(select(func.count()).select_from(Assignment)) == 6
    assert await service.due_on(items[0].id) == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 31),
    ]
    assert await service.due_on(items[1].id) == [date(2026, 2, 16)]
    assert await session.scalar(select(func.count()).select_from(Occurrence)) == 5


async def test_an_admin_outside_the_scope_is_refused(session) -> None:
    plan, items, schools = await plan_with_items(session, [{"kind": "ongoing"}])
    head = Viewer(1, 10, "H", None, "ru", None, (MembershipView(schools[0], "Школа 0", Role.HEAD),))
    with pytest.raises(AccessDenied):
        await AssignmentService(Repositories(session)).assign(head, plan, items, [schools[0]], NOW)
    region_id = await session.scalar(select(Organisation.id).where(Organisation.parent_id.is_(None)))
    user = User(tg_id=20, first_name="A", created_at=NOW, updated_at=NOW)
    session.add(user)
    await session.flush()
    admin = Viewer(user.id, 20, "A", None, "ru", None, (MembershipView(region_id, "Регион", Role.ADMIN),))
    ancestors = {school: [region_id] for school in schools}
    assert (
        await AssignmentService(Repositories(session)).assign(admin, plan, items, schools, NOW, ancestors)
        == 3
    )
