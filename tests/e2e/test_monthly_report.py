"""The monthly report by itself: an admin asks for it in /settings, and on the first working day
of the month at their alert time gets the XLSX and the DOCX of each active plan, once."""

from __future__ import annotations

import asyncio
import io
from collections import Counter
from datetime import UTC, date, datetime

import docx
import pytest
from sqlalchemy import select

from bot.sandbox import FakeWorld
from db.models import Digest, Report, ReportStatus, Role
from services.alerts.monthly import first_working_day, report_month
from services.clock import FrozenClock
from tests.conftest import ADMIN_ID
from tests.e2e.test_nudge import SECOND_ADMIN, add_member, root_id
from tests.e2e.test_progress import item_rows, workbook_of
from tests.factories import HEAD, report_item_6, school_people
from tests.harness import AppRunner

# 2026-03-02 is a Monday, the first working day of March (the 1st is a Sunday).
FIRST_WORKING_DAY_9_UTC = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 12:00 in Moscow


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 1), date(2026, 12, 1)),  # a Tuesday
        (date(2026, 11, 20), date(2026, 11, 2)),  # the 1st is a Sunday
        (date(2026, 8, 15), date(2026, 8, 3)),  # the 1st is a Saturday
    ],
)
def test_first_working_day(day: date, expected: date) -> None:
    assert first_working_day(day) == expected


def test_the_report_is_due_on_the_first_working_day_and_the_days_after_it_only() -> None:
    assert report_month(date(2026, 12, 1)) == date(2026, 11, 1)
    assert report_month(date(2026, 12, 5)) == date(2026, 11, 1)  # a bot that was down catches up
    assert report_month(date(2026, 12, 6)) is None
    assert report_month(date(2026, 11, 1)) is None  # a Sunday, before the first working day
    assert report_month(date(2026, 1, 1)) == date(2025, 12, 1)  # across the year


def documents_to(world: FakeWorld, user: int) -> list:
    return [m for m in world.chats[user] if m.from_bot and "document" in m.payload]


def intros_to(world: FakeWorld, user: int) -> list:
    return [m for m in world.chats[user] if m.from_bot and "Ежемесячный отчёт</b>" in (m.text or "")]


async def opt_in(world: FakeWorld, user: int) -> None:
    world.send_text(user, "/settings")
    screen = await world.expect(user)
    assert "Ежемесячный отчёт (XLSX и DOCX по планам): нет" in screen.text
    after = await world.tap(user, screen.message_id, "Присылать ежемесячный отчёт")
    assert "Ежемесячный отчёт (XLSX и DOCX по планам): да" in after.text
    assert after.button("Не присылать ежемесячный отчёт")


async def test_an_admin_who_asked_gets_both_files_of_each_plan_once(
    app: AppRunner, world: FakeWorld, clock: FrozenClock
) -> None:
    await school_people(app, world)
    await add_member(app, world, SECOND_ADMIN, "Глеб", await root_id(app), Role.ADMIN)
    await report_item_6(world)
    async with app.app.session_factory() as session, session.begin():
        sent = await session.scalar(select(Report))
        sent.status, sent.text = ReportStatus.APPROVED, "Составлен план работы ИТЦ"
    await opt_in(world, ADMIN_ID)
    world.mark_read(ADMIN_ID)

    # The evening before: not yet; the first working day before the alert time: not yet.
    for moment in (datetime(2026, 3, 1, 9, 0, tzinfo=UTC), datetime(2026, 3, 2, 5, 0, tzinfo=UTC)):
        clock.set(moment)
        assert (await app.app.sweep_alerts()).monthly == 0
    clock.set(FIRST_WORKING_DAY_9_UTC)
    assert (await app.app.sweep_alerts()).monthly == 1

    # (The sweep's own deadline alerts come too; the report is the intro and two documents.)
    xlsx, report = await world.wait_until(
        lambda: len(documents_to(world, ADMIN_ID)) == 2 and documents_to(world, ADMIN_ID), timeout=30
    )
    assert [m.text for m in intros_to(world, ADMIN_ID)] == [
        "📅 <b>Ежемесячный отчёт</b> за 01.02.2026 – 28.02.2026: планов — 1. "
        "Для каждого — ход выполнения (XLSX) и информация о выполнении (DOCX)."
    ]
    assert intros_to(world, ADMIN_ID)[0].message_id < xlsx.message_id < report.message_id
    assert xlsx.payload["document"]["file_name"].endswith(".xlsx")
    book = workbook_of(world, xlsx)
    assert book.sheetnames == ["Сводка", "По пунктам"]
    assert Counter(row["Статус"] for row in item_rows(book))["выполнено"] == 1
    document = docx.Document(io.BytesIO(world.files[report.payload["document"]["file_id"]].data))
    assert document.paragraphs[0].text.startswith("Информация о ходе выполнения плана: План развития")
    assert "Составлен план работы ИТЦ" in "\n".join(
        c.text for row in document.tables[0].rows for c in row.cells
    )

    # Once: later sweeps the same day, the next days, and after a restart send nothing more.
    await app.app.sweep_alerts()
    clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    await app.restart()
    await app.app.sweep_alerts()
    await asyncio.sleep(0.5)
    assert len(documents_to(world, ADMIN_ID)) == 2 and len(intros_to(world, ADMIN_ID)) == 1
    # The admin who did not ask, and the head, get nothing.
    assert not documents_to(world, SECOND_ADMIN) and not documents_to(world, HEAD)
    async with app.app.session_factory() as session:
        made = (await session.scalars(select(Digest).where(Digest.kind == "monthly"))).all()
    assert [(d.dedupe_key, d.status.value) for d in made] == [(f"monthly:{made[0].user_id}:2026-02", "sent")]


async def test_the_switch_is_for_admins_and_turning_it_off_stops_the_report(
    app: AppRunner, world: FakeWorld, clock: FrozenClock
) -> None:
    await school_people(app, world)
    world.send_text(HEAD, "/settings")
    assert "Ежемесячный отчёт" not in (await world.expect(HEAD)).text

    await opt_in(world, ADMIN_ID)
    screen = world.chats[ADMIN_ID][-1]
    off = await world.tap(ADMIN_ID, screen.message_id, "Не присылать ежемесячный отчёт")
    assert "Ежемесячный отчёт (XLSX и DOCX по планам): нет" in off.text
    clock.set(FIRST_WORKING_DAY_9_UTC)
    assert (await app.app.sweep_alerts()).monthly == 0
    await asyncio.sleep(0.5)
    assert not documents_to(world, ADMIN_ID) and not intros_to(world, ADMIN_ID)
