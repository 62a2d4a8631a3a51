"""An admin gives a plan's items to organisations: a section in one tap, then item by item."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.sandbox import FakeWorld
from db.models import Assignment, Item
from tests.conftest import ADMIN_ID
from tests.factories import (
    assignments_at_least,
    import_plan,
    region_with_section_i_accepted,
    setup_region,
    tap,
)
from tests.harness import AppRunner, eventually


async def assignments(app: AppRunner) -> set[tuple[str, int]]:
    async with app.app.session_factory() as session:
        rows = await session.execute(
            select(Item.number, Item.title, Assignment.org_id).join(Item, Item.id == Assignment.item_id)
        )
        return {(f"{number} {title.split()[0]}", org) for number, title, org in rows.all()}


async def test_accept_a_section_then_adjust_an_item(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    orgs = await setup_region(app)
    await import_plan(world, "vitebsk_itc_2026.txt")

    world.send_text(ADMIN_ID, "/plans")
    listing = await world.expect(ADMIN_ID)
    mid = listing.message_id
    await tap(world, mid, "План развития")
    assert "Пунктов: 36, назначено исполнителям: 0" in world.find(ADMIN_ID, mid).text
    await tap(world, mid, "Исполнители")
    screen = world.find(ADMIN_ID, mid)
    assert "I. Нормативное" in screen.text and "предложено организаций 3" in screen.text

    edits = screen.edits
    world.press(ADMIN_ID, mid, screen.button("Принять предложенное: I")["callback_data"])
    await world.wait_until(lambda: any("Назначено: " in (a["text"] or "") for a in world.callback_answers))
    # The popup answered the press; the screen is then redrawn with what was assigned.
    await world.wait_until(lambda: world.find(ADMIN_ID, mid).edits > edits)
    given = await eventually(lambda: assignments_at_least(app, 12))
    assert given
    pairs = await assignments(app)
    assert ("3. Разработка", orgs["institute"]) in pairs  # "Витебский областной институт…"
    assert ("4. Создание", orgs["itc"]) in pairs  # "…, ИТЦ Витебской области"
    assert ("6. Составление", orgs["school"]) in pairs  # "… УОСО Витебской области"
    assert not any(key == "1. Проведение" for key, _ in pairs)  # section II untouched

    # Item by item: item 3 of section I also goes to the school, then back off again.
    await tap(world, mid, "По пунктам: I")
    await tap(world, mid, "3. Разработка")
    card = world.find(ADMIN_ID, mid)
    assert "Сроки: 31.12.2026" in card.text
    assert card.buttons()[0]["text"].startswith("✅ Витебский областной институт")
    await tap(world, mid, "➕ СШ №1 г. Орши")
    assert ("3. Разработка", orgs["school"]) in await eventually(
        lambda: _pairs_with(app, orgs["school"], "3. Разработка")
    )
    await tap(world, mid, "✅ СШ №1 г. Орши")
    assert await eventually(lambda: _pairs_without(app, orgs["school"], "3. Разработка"))


async def _pairs_with(app: AppRunner, org: int, key: str):
    pairs = await assignments(app)
    return pairs if (key, org) in pairs else None


async def _pairs_without(app: AppRunner, org: int, key: str) -> bool:
    return (key, org) not in await assignments(app)


async def test_each_organisation_sees_only_its_own_items(app: AppRunner, world: FakeWorld) -> None:
    from db.models import Membership, Role, User

    orgs = await region_with_section_i_accepted(app, world)

    # A head of the ИТЦ and a teacher of the school (joined by invite links in test_people).
    now = datetime.now(UTC)
    async with app.app.session_factory() as session, session.begin():
        for tg_id, name, org, role in (
            (4001, "Пётр", "itc", Role.HEAD),
            (4002, "Анна", "school", Role.TEACHER),
        ):
            user = User(tg_id=tg_id, first_name=name, created_at=now, updated_at=now)
            session.add(user)
            await session.flush()
            session.add(Membership(user_id=user.id, org_id=orgs[org], role=role, created_at=now))
    world.add_user(4001, "Пётр")
    world.add_user(4002, "Анна")

    world.send_text(4001, "/tasks")
    head_view = (await world.expect(4001)).text
    world.send_text(4002, "/tasks")
    teacher_view = (await world.expect(4002)).text
    assert "Задачи — ИТЦ на базе гимназии №2" in head_view
    assert "4. Создание интерактивного онлайн-портала" in head_view  # "…, ИТЦ Витебской области"
    assert "6. Составление плана работы" not in head_view  # the schools' item
    assert "Задачи — СШ №1 г. Орши" in teacher_view
    # The frozen clock says 2 March 2026: this one is late, and shown under "overdue".
    overdue, later = teacher_view.split("Позже")
    assert "6. Составление плана работы, графика занятий в ИТЦ — 16.02.2026, просрочено на 14 дней" in overdue
    assert "9. Подготовка отчетов по работе ИТЦ — 31.03.2026, через 29 дней" in later
    assert "4. Создание интерактивного" not in teacher_view
    assert "3. Разработка региональной программы" not in head_view + teacher_view  # the institute's own


async def test_head_gives_an_item_to_a_teacher(app: AppRunner, world: FakeWorld) -> None:
    from db.models import Membership, Role, User

    orgs = await region_with_section_i_accepted(app, world)

    now = datetime.now(UTC)
    async with app.app.session_factory() as session, session.begin():
        for tg_id, name, role in (
            (4101, "Пётр", Role.HEAD),
            (4102, "Анна", Role.TEACHER),
            (4103, "Иван", Role.TEACHER),
        ):
            user = User(tg_id=tg_id, first_name=name, created_at=now, updated_at=now)
            session.add(user)
            await session.flush()
            session.add(Membership(user_id=user.id, org_id=orgs["school"], role=role, created_at=now))
    for tg_id, name in ((4101, "Пётр"), (4102, "Анна"), (4103, "Иван")):
        world.add_user(tg_id, name)

    world.send_text(4101, "/tasks")
    tasks = await world.expect(4101)
    await world.tap(4101, tasks.message_id, "Поручить педагогам")
    screen = await world.tap(4101, tasks.message_id, "9. Подготовка отчетов")
    assert [b["text"] for b in screen.buttons()] == ["➕ Анна", "➕ Иван", "‹ Назад"]
    world.press(4101, tasks.message_id, screen.button("Анна")["callback_data"])
    await world.wait_until(
        lambda: "✅ Анна" in [b["text"] for b in world.find(4101, tasks.message_id).buttons()]
    )
    assert await eventually(lambda: _given(app))  # the press commits right after the edit

    world.send_text(4102, "/tasks")
    anna = (await world.expect(4102)).text
    assert "👤 • 9. Подготовка отчетов по работе ИТЦ" in anna
    assert "👤 • 6." not in anna
    world.send_text(4103, "/tasks")
    assert "👤" not in (await world.expect(4103)).text

    # A teacher cannot hand out items, even with forged buttons.
    world.send_text(4103, "/help")
    own = await world.expect(4103)
    answered = len(world.callback_answers)
    world.press(4103, own.message_id, f"tk:list:{orgs['school']}:0:0:0")
    await world.wait_until(lambda: len(world.callback_answers) > answered)
    assert world.callback_answers[-1]["text"] == "Это действие вам недоступно."


async def _given(app: AppRunner) -> bool:
    from db.models import TeacherAssignment

    async with app.app.session_factory() as session:
        return bool((await session.scalars(select(TeacherAssignment.id))).all())


async def test_admin_sets_a_date_for_an_item_without_one(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    await setup_region(app)
    await import_plan(world, "tver_nationalproject_2024_2025.txt")
    world.send_text(ADMIN_ID, "/plans")
    mid = (await world.expect(ADMIN_ID)).message_id
    for button in ("Комплексный план", "Исполнители", "По пунктам: 3", "3.1 Организация участия"):
        await tap(world, mid, button)
    assert "без срока — дату укажет администратор" in world.find(ADMIN_ID, mid).text

    world.mark_read(ADMIN_ID)
    world.press(ADMIN_ID, mid, world.find(ADMIN_ID, mid).button("Указать срок")["callback_data"])
    assert "Напишите срок для пункта 3.1" in (await world.expect(ADMIN_ID)).text
    world.send_text(ADMIN_ID, "когда-нибудь")
    assert "Не понял дату" in (await world.expect(ADMIN_ID)).text
    world.send_text(ADMIN_ID, "до 20 марта")
    assert "Срок 20.03.2025 добавлен к пункту 3.1" in (await world.expect(ADMIN_ID)).text
