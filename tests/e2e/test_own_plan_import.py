"""A centre head imports their organisation's own work plan: the preview says where its items
go, the title and period are corrected before saving, and the items are the centre's tasks at
once. Over HTTP against the fake Bot API."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from bot.sandbox import FakeWorld
from bot.sandbox.world import ChatMessage
from db.models import Assignment, Item, Membership, Plan, Role, User
from tests.conftest import ADMIN_ID
from tests.factories import DATA, setup_region
from tests.harness import AppRunner, eventually

HEAD, TEACHER = 4301, 4302
CENTRE_PLAN = "tochka_rosta_lipki_2024_2025.docx"


async def centre_with_people(app: AppRunner, world: FakeWorld) -> dict[str, int]:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    orgs = await setup_region(app)
    now = datetime.now(UTC)
    async with app.app.session_factory() as session, session.begin():
        for tg_id, name, role in ((HEAD, "Пётр", Role.HEAD), (TEACHER, "Анна", Role.TEACHER)):
            user = User(tg_id=tg_id, first_name=name, created_at=now, updated_at=now)
            session.add(user)
            await session.flush()
            session.add(Membership(user_id=user.id, org_id=orgs["itc"], role=role, created_at=now))
    world.add_user(HEAD, "Пётр")
    world.add_user(TEACHER, "Анна")
    return orgs


async def count(app: AppRunner, model) -> int:
    async with app.app.session_factory() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def answer(world: FakeWorld, user: int, text: str) -> ChatMessage:
    world.send_text(user, text)
    return await world.expect(user)


async def press(world: FakeWorld, preview: ChatMessage, text: str) -> ChatMessage:
    """A preview button that asks a question in a new message."""
    world.press(HEAD, preview.message_id, preview.button(text)["callback_data"])
    return await world.expect(HEAD)


async def head_uploads_the_centre_plan(world: FakeWorld) -> ChatMessage:
    asked = await answer(world, HEAD, "/import")
    assert "Отправьте файл плана" in asked.text
    assert "план вашей организации" in asked.text
    world.send_document(HEAD, (DATA / CENTRE_PLAN).read_bytes(), CENTRE_PLAN)
    return await world.expect(HEAD)


async def test_a_head_imports_their_own_plan_corrects_it_and_gets_its_items_as_tasks(
    app: AppRunner, world: FakeWorld
) -> None:
    orgs = await centre_with_people(app, world)
    preview = await head_uploads_the_centre_plan(world)
    assert "учебно-воспитательных, внеурочных и социокультурных мероприятий центра" in preview.text
    assert "Период: 01.09.2024 – 31.08.2025" in preview.text
    assert "Разделов: 4, пунктов: 21" in preview.text
    assert "Пункты будут сразу назначены вашей организации: ИТЦ на базе гимназии №2" in preview.text

    # The period: the plan is reused for the next school year; dates without a year follow it.
    asked = await press(world, preview, "✏️ Период")
    assert "2024/2025" in asked.text
    refused = await answer(world, HEAD, "весной")
    assert "Не понял период" in refused.text
    second = await answer(world, HEAD, "2025/2026")
    assert "Период: 01.09.2025 – 31.08.2026" in second.text
    assert world.find(HEAD, preview.message_id).buttons() == []  # one live preview at a time

    await press(world, second, "✏️ Название")
    third = await answer(world, HEAD, "План центра «Точка роста» на 2025/2026 учебный год")
    assert "План центра «Точка роста» на 2025/2026 учебный год" in third.text
    assert "Период: 01.09.2025 – 31.08.2026" in third.text  # the first correction stays
    assert await count(app, Plan) == 0

    world.press(HEAD, third.message_id, third.button("Сохранить")["callback_data"])
    await world.wait_until(lambda: "План сохранён" in (world.find(HEAD, third.message_id).text or ""))
    assert "назначены организации «ИТЦ на базе гимназии №2»" in world.find(HEAD, third.message_id).text
    assert await eventually(lambda: _assigned_to(app, orgs["itc"], 21))

    async with app.app.session_factory() as session:
        plan = await session.scalar(select(Plan))
        report = await session.scalar(select(Item).where(Item.number == "13."))
    assert plan.title == "План центра «Точка роста» на 2025/2026 учебный год"
    assert (plan.org_id, plan.period_start, plan.period_end) == (
        orgs["itc"],
        date(2025, 9, 1),
        date(2026, 8, 31),
    )
    assert report.deadline == {"kind": "window", "windows": [[None, "2026-05-30"]]}  # «до 30.05»

    tasks = await answer(world, HEAD, "/tasks")
    assert "Задачи — ИТЦ на базе гимназии №2" in tasks.text
    assert "13. Публичный отчёт о работе центра за учебный год — 30.05.2026" in tasks.text
    # ... and the head gives them to teachers as any other item
    await world.tap(HEAD, tasks.message_id, "Поручить педагогам")
    screen = world.find(HEAD, tasks.message_id)
    assert any(b["text"].startswith("1. Разработка и утверждение рабочих программ") for b in screen.buttons())


async def _assigned_to(app: AppRunner, org_id: int, expected: int) -> bool:
    async with app.app.session_factory() as session:
        orgs = (await session.scalars(select(Assignment.org_id))).all()
    return len(orgs) == expected and set(orgs) == {org_id}


async def test_a_teacher_may_not_import_and_a_menu_button_leaves_a_correction(
    app: AppRunner, world: FakeWorld
) -> None:
    await centre_with_people(app, world)
    refused = await answer(world, TEACHER, "/import")
    assert refused.text == "Это действие вам недоступно."
    world.send_document(TEACHER, (DATA / CENTRE_PLAN).read_bytes(), CENTRE_PLAN)
    reply = await world.expect(TEACHER)
    assert "Сохранить" not in [b["text"] for b in reply.buttons()]

    preview = await head_uploads_the_centre_plan(world)
    await press(world, preview, "✏️ Название")
    # A menu button instead of a title: it does its job and is not taken for the title
    tasks = await answer(world, HEAD, "📋 Задачи")
    assert "Задачи — ИТЦ на базе гимназии №2" in tasks.text
    world.press(HEAD, preview.message_id, preview.button("Сохранить")["callback_data"])
    await world.wait_until(lambda: "План сохранён" in (world.find(HEAD, preview.message_id).text or ""))
    async with app.app.session_factory() as session:
        plan = await session.scalar(select(Plan))
    assert plan.title.startswith("ПЛАН учебно-воспитательных")
    assert await count(app, Plan) == 1
