"""«📣 Напомнить» on "who has not reported": one reminder per person, due date and day, through
the digest sender; never twice, however many times and by however many people it is pressed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.callback_data import BrowseAction, BrowseButton
from bot.sandbox import FakeWorld
from db.models import Alert, Digest, Membership, Organisation, Role, User
from services.clock import FrozenClock
from tests.conftest import ADMIN_ID
from tests.e2e.test_browse_review import TWIN_TEACHER, item_6, twin_school
from tests.factories import (
    HEAD,
    OTHER_TEACHER,
    TEACHER,
    give_to_teacher,
    open_card_of,
    report_item_6,
    school_people,
    submitted,
)
from tests.harness import AppRunner, answered, eventually

OBSERVER = 4401
SECOND_ADMIN = 4402


def reminders_to(world: FakeWorld, user: int) -> list:
    return [m for m in world.chats[user] if m.from_bot and "Напоминание" in (m.text or "")]


async def nudge_alerts(app: AppRunner) -> list[Alert]:
    async with app.app.session_factory() as session:
        return list((await session.scalars(select(Alert).where(Alert.kind.like("nudge_%")))).all())


async def admin_missing_screen(world: FakeWorld, user: int = ADMIN_ID):
    world.send_text(user, "/plans")
    plans = await world.expect(user)
    sections = await world.tap(user, plans.message_id, "План развития")
    items = await world.tap(user, sections.message_id, "I.")
    card = await world.tap(user, items.message_id, "6. Составление")
    return await world.tap(user, card.message_id, "Кто не отчитался")


async def root_id(app: AppRunner) -> int:
    async with app.app.session_factory() as session:
        return int(await session.scalar(select(Organisation.id).where(Organisation.parent_id.is_(None))))


async def add_member(
    app: AppRunner, world: FakeWorld, tg_id: int, name: str, org_id: int, role: Role
) -> None:
    now = datetime.now(UTC)
    async with app.app.session_factory() as session, session.begin():
        user = User(tg_id=tg_id, first_name=name, created_at=now, updated_at=now)
        session.add(user)
        await session.flush()
        session.add(Membership(user_id=user.id, org_id=org_id, role=role, created_at=now))
    world.add_user(tg_id, name)


async def test_admin_reminds_who_has_not_reported_once_a_day(
    app: AppRunner, world: FakeWorld, clock: FrozenClock
) -> None:
    orgs = await school_people(app, world)
    await twin_school(app, world, orgs["school"])
    await report_item_6(world)
    await submitted(app)
    assert "Новый отчёт" in (await world.expect(HEAD)).text  # the head is told of the report

    missing = await admin_missing_screen(world)
    assert "• СШ №2 г. Орши" in missing.text
    world.press(ADMIN_ID, missing.message_id, missing.button("Напомнить")["callback_data"])
    assert await eventually(lambda: answered(world, "Напоминание отправлено: 1 чел. в 1 орг."))

    # The twin school has no head: its teacher is told, with the admin's name and a report button.
    reminder = await world.expect(TWIN_TEACHER)
    assert "Напоминание</b> от Ольга" in reminder.text
    assert "6. Составление" in reminder.text and "просрочено" in reminder.text
    assert any("6." in b["text"] and b["callback_data"].startswith("rp:new:") for b in reminder.buttons())
    # The school that reported hears nothing.
    await world.expect_nothing(TEACHER)
    await world.expect_nothing(HEAD)
    assert [(a.kind, a.user_id is not None) for a in await nudge_alerts(app)] == [("nudge_20260302", True)]

    # A second press the same day sends nothing and says so.
    world.press(ADMIN_ID, missing.message_id, missing.button("Напомнить")["callback_data"])
    assert await eventually(lambda: answered(world, "уже напоминали (1 чел.)"))
    await world.expect_nothing(TWIN_TEACHER)
    assert len(await nudge_alerts(app)) == 1

    # The next day it may be sent again, once.
    clock.advance(timedelta(days=1))
    world.press(ADMIN_ID, missing.message_id, missing.button("Напомнить")["callback_data"])
    assert "Напоминание" in (await world.expect(TWIN_TEACHER)).text
    assert sorted(a.kind for a in await nudge_alerts(app)) == ["nudge_20260302", "nudge_20260303"]


async def test_two_admins_pressing_at_once_send_one_reminder(app: AppRunner, world: FakeWorld) -> None:
    await school_people(app, world)
    await add_member(app, world, SECOND_ADMIN, "Глеб", await root_id(app), Role.ADMIN)
    first = await admin_missing_screen(world)
    second = await admin_missing_screen(world, SECOND_ADMIN)
    assert "• " in first.text and "• " in second.text
    # Both presses are in the same batch of updates, handled side by side.
    world.press(ADMIN_ID, first.message_id, first.button("Напомнить")["callback_data"])
    world.press(SECOND_ADMIN, second.message_id, second.button("Напомнить")["callback_data"])
    assert await eventually(lambda: answered(world, "отправлено"))
    assert await eventually(lambda: answered(world, "уже напоминали"))
    # The school's head is reminded (no teacher was given the item), once.
    assert "Напоминание" in (await world.expect(HEAD)).text
    await world.expect_nothing(HEAD)
    assert len(reminders_to(world, HEAD)) == 1
    async with app.app.session_factory() as session:
        digests = (await session.scalars(select(Digest).where(Digest.kind == "nudge"))).all()
    assert len(digests) == 1  # the loser's empty digest was dropped


async def test_head_reminds_their_teacher_silently_at_night(
    app: AppRunner, world: FakeWorld, clock: FrozenClock
) -> None:
    orgs = await school_people(app, world)
    await give_to_teacher(app, await item_6(app), orgs["school"], TEACHER)
    card = await open_card_of(world, HEAD, "6. Составление")
    missing = await world.tap(HEAD, card.message_id, "Кто не отчитался")
    assert "• Анна" in missing.text
    clock.set(datetime(2026, 3, 2, 20, 30, tzinfo=UTC))  # 23:30 in Moscow: quiet hours
    world.press(HEAD, missing.message_id, missing.button("Напомнить")["callback_data"])
    assert await eventually(lambda: answered(world, "отправлено: 1 чел."))
    reminder = await world.expect(TEACHER)
    assert "от Пётр" in reminder.text
    assert (TEACHER, reminder.message_id) in world.silent
    # The head does not remind themselves, and the teacher of another organisation hears nothing.
    assert not reminders_to(world, HEAD)
    await world.expect_nothing(OTHER_TEACHER)


async def test_observers_and_teachers_cannot_remind(app: AppRunner, world: FakeWorld) -> None:
    await school_people(app, world)
    await add_member(app, world, OBSERVER, "Инна", await root_id(app), Role.OBSERVER)
    missing = await admin_missing_screen(world, OBSERVER)
    assert "• " in missing.text
    assert not any("Напомнить" in b["text"] for b in missing.buttons())

    forged = BrowseButton(action=BrowseAction.NUDGE, item_id=await item_6(app), due_index=1).pack()
    for user in (OBSERVER, TEACHER):
        world.send_text(user, "/menu")
        menu = await world.expect(user)
        world.press(user, menu.message_id, forged)
    assert await eventually(lambda: answered(world, "недоступно"))
    await asyncio.sleep(0.3)
    assert not await nudge_alerts(app)
    assert not reminders_to(world, HEAD) and not reminders_to(world, TEACHER)
