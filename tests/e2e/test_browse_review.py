"""Admins and heads watch an item across organisations; the review queue and its guards."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.sandbox import FakeWorld
from db.models import Item, Membership, Organisation, Role, User
from db.repositories.assignments import AssignmentRepo
from tests.conftest import ADMIN_ID
from tests.factories import (
    HEAD,
    OTHER_TEACHER,
    TEACHER,
    give_to_teacher,
    open_card_of,
    press,
    report_item_6,
    school_people,
    submitted,
)
from tests.harness import AppRunner, answered, eventually

TWIN_TEACHER = 4301


async def item_6(app: AppRunner) -> int:
    async with app.app.session_factory() as session:
        return int(await session.scalar(select(Item.id).where(Item.number == "6.")))


async def twin_school(app: AppRunner, world: FakeWorld, school_id: int) -> None:
    """A second school, with a teacher (no head), also given item 6."""
    now = datetime.now(UTC)
    async with app.app.session_factory() as session, session.begin():
        school = await session.get(Organisation, school_id)
        twin = Organisation(parent_id=school.parent_id, kind="school", name="СШ №2 г. Орши", created_at=now)
        session.add(twin)
        await session.flush()
        user = User(tg_id=TWIN_TEACHER, first_name="Ирина", created_at=now, updated_at=now)
        session.add(user)
        await session.flush()
        session.add(Membership(user_id=user.id, org_id=twin.id, role=Role.TEACHER, created_at=now))
        await AssignmentRepo(session).add_pairs([await item_6(app)], [twin.id], None, now)
    world.add_user(TWIN_TEACHER, "Ирина")


async def test_admin_sees_statuses_and_who_has_not_reported(app: AppRunner, world: FakeWorld) -> None:
    orgs = await school_people(app, world)
    await twin_school(app, world, orgs["school"])
    await report_item_6(world)
    await submitted(app)
    world.mark_read(HEAD)

    world.send_text(ADMIN_ID, "/plans")
    plans = await world.expect(ADMIN_ID)
    sections = await world.tap(ADMIN_ID, plans.message_id, "План развития")
    assert "Пунктов: 36, назначено исполнителям: 12" in sections.text
    items = await world.tap(ADMIN_ID, sections.message_id, "I.")
    card = await world.tap(ADMIN_ID, items.message_id, "6. Составление")
    assert "<b>16.02.2026</b>, просрочено на 14 дней" in card.text
    assert "Исполнителей: 2" in card.text
    assert "📤 на проверке: 1" in card.text and "🔴 просрочено: 1" in card.text
    missing = await world.tap(ADMIN_ID, card.message_id, "Кто не отчитался")
    assert "(срок 16.02.2026): 1" in missing.text
    assert "• СШ №2 г. Орши" in missing.text and "СШ №1" not in missing.text
    back = await world.tap(ADMIN_ID, missing.message_id, "Назад")
    assert "Исполнителей:" in back.text
    everyone = await world.tap(ADMIN_ID, back.message_id, "Все исполнители")
    assert "📤 СШ №1 г. Орши" in everyone.text and "🔴 СШ №2 г. Орши" in everyone.text
    back = await world.tap(ADMIN_ID, everyone.message_id, "Назад")

    # Search by words and by number.
    items = await world.tap(ADMIN_ID, back.message_id, "Назад")
    sections = await world.tap(ADMIN_ID, items.message_id, "Назад")
    ask = await press(world, ADMIN_ID, sections, "Поиск")
    assert "слова из названия" in ask.text
    world.send_text(ADMIN_ID, "творческих групп")
    found = await world.expect(ADMIN_ID)
    assert "Найдено пунктов: 1" in found.text and "7. Организация районных" in found.buttons()[0]["text"]
    world.send_text(ADMIN_ID, "/plans")
    plans = await world.expect(ADMIN_ID)
    sections = await world.tap(ADMIN_ID, plans.message_id, "План развития")
    await press(world, ADMIN_ID, sections, "Поиск")
    world.send_text(ADMIN_ID, "нет такого пункта")
    assert "Ничего не нашёл" in (await world.expect(ADMIN_ID)).text
    world.send_text(ADMIN_ID, "9.")
    found = await world.expect(ADMIN_ID)
    assert found.buttons()[0]["text"].startswith("9. Подготовка отчетов")


async def test_head_sees_teachers_and_review_guards(app: AppRunner, world: FakeWorld) -> None:
    orgs = await school_people(app, world)
    item_id = await item_6(app)
    await give_to_teacher(app, item_id, orgs["school"], TEACHER)
    world.send_text(HEAD, "/tasks")
    tasks = await world.expect(HEAD)
    assert "Педагоги" in tasks.text and "Анна: 🔴 Просрочено: 1" in tasks.text
    card = await open_card_of(world, HEAD, "6. Составление")
    missing = await world.tap(HEAD, card.message_id, "Кто не отчитался")
    assert "• Анна" in missing.text

    await report_item_6(world)
    report = await submitted(app)
    notice = await world.expect(HEAD)
    assert "Новый отчёт" in notice.text

    # A teacher cannot decide on reports, not even with a forged button.
    world.send_text(OTHER_TEACHER, "/menu")
    menu = await world.expect(OTHER_TEACHER)
    world.press(OTHER_TEACHER, menu.message_id, f"rv:ok:{report.id}:0")
    world.send_text(TEACHER, "/review")
    assert "нет" in (await world.expect(TEACHER)).text  # nothing waits for a teacher
    assert await eventually(lambda: answered(world, "недоступно"))

    # The queue of the head lists it; the head approves from it.
    world.send_text(HEAD, "/review")
    queue = await world.expect(HEAD)
    assert "Отчёты на проверку</b>: 1" in queue.text
    card = await world.tap(HEAD, queue.message_id, "6. Составление")
    after = await world.tap(HEAD, card.message_id, "Принять")
    assert "Отчётов на проверку нет" in after.text
    world.press(HEAD, card.message_id, f"rv:ok:{report.id}:0")  # a second tap on a stale button
    assert await eventually(lambda: answered(world, "уже не ждёт решения"))


async def test_a_heads_report_goes_to_the_admin_and_reused_photos_are_flagged(
    app: AppRunner, world: FakeWorld
) -> None:
    orgs = await school_people(app, world)
    await report_item_6(world, photo_seed=5, user=HEAD)
    await submitted(app)
    notice = await world.expect(ADMIN_ID)
    assert "Новый отчёт на проверку" in notice.text and "Пётр" in notice.text

    # A second school reports item 6 with the very same photo.
    await twin_school(app, world, orgs["school"])
    await report_item_6(world, photo_seed=5, user=TWIN_TEACHER)
    assert "СШ №2 г. Орши · Ирина" in (await world.expect(ADMIN_ID)).text  # no head there: the admin reviews
    world.send_text(ADMIN_ID, "/review")
    queue = await world.expect(ADMIN_ID)
    assert "Отчёты на проверку</b>: 2" in queue.text
    card = await world.tap(ADMIN_ID, queue.message_id, "СШ №2")
    assert "⚠️ Одно фото уже было в других отчётах: #1" in card.text
